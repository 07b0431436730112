"""Chinese wording of operating-system errors, for messages shown to users (the CLI, uploads).

`OSError.strerror` is the C library's English ("No such file or directory"); people read these instead."""

from __future__ import annotations

import errno

_ERRNO = {
    errno.ENOENT: "文件或目录不存在", errno.EACCES: "没有访问权限", errno.EPERM: "没有访问权限",
    errno.EISDIR: "这是一个目录，不是文件", errno.ENOTDIR: "路径中有一部分不是目录", errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统只读", errno.EEXIST: "文件已存在", errno.ENAMETOOLONG: "文件名过长",
    errno.EMFILE: "打开的文件过多", errno.EIO: "读写错误",
    errno.EADDRINUSE: "端口已被占用", errno.EADDRNOTAVAIL: "本机没有这个地址",
}


def os_error_text(exc: OSError) -> str:
    return _ERRNO.get(exc.errno, "无法访问（系统错误）") if exc.errno is not None else "无法访问"


_JSON = {
    "Expecting value": "此处应为一个值", "Expecting property name enclosed in double quotes": "此处应为带双引号的字段名",
    "Expecting ':' delimiter": "此处应为冒号", "Expecting ',' delimiter": "此处应为逗号",
    "Unterminated string starting at": "字符串没有结束的引号", "Invalid control character at": "字符串中有控制字符",
    "Invalid \\escape": "无效的转义字符", "Invalid \\uXXXX escape": "无效的 \\u 转义", "Extra data": "内容结束后还有多余的字符",
    "Illegal trailing comma before end of object": "对象末尾多了逗号",
    "Illegal trailing comma before end of array": "数组末尾多了逗号",
}


def json_error_text(exc: ValueError) -> str:
    """不是有效的 JSON：第3行第5列，此处应为逗号 — json.JSONDecodeError in Chinese (any other ValueError: no detail)."""
    msg, line, col = getattr(exc, "msg", None), getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if msg is None:
        return "不是有效的 JSON"
    return f"不是有效的 JSON：第{line}行第{col}列，{_JSON.get(msg, '格式错误')}"
