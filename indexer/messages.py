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
