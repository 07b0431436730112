"""The `lawdesk` command line.

Commands are registered by dotted path and imported only when run, so `lawdesk search` does not pay for
Flask or python-docx at start-up. Each area keeps its commands in its own module (webapp/commands/…)."""

from __future__ import annotations

import importlib
import os
import sys

import click

# command name -> "module:attribute" of a click command or group
COMMANDS = {
    "search": "webapp.commands.library:search_cmd",
    "show": "webapp.commands.library:show_cmd",
    "index": "webapp.commands.library:index_cmd",
    "library": "webapp.commands.library:library_group",
    "serve": "webapp.commands.web:serve_cmd",
    "user": "webapp.commands.web:user_group",
    "cite": "webapp.commands.cite:cite_group",
    "handbook": "webapp.commands.handbook:handbook_group",
    "draft": "webapp.commands.draft:draft_cmd",
    "template": "webapp.commands.draft:template_group",
    "study": "webapp.commands.study:study_group",
    "stats": "webapp.commands.stats:stats_cmd",
    "demo": "webapp.commands.demo:demo_group",
    "casefile": "webapp.commands.casefile:casefile_group",
    "certificate": "webapp.commands.certificate:certificate_cmd",
    "publication": "webapp.commands.publication:publication_group",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as exc:  # an area not installed yet
            raise click.ClickException(f"命令 {name} 暂不可用：{exc}") from exc


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--library", "library", envvar="LAWDESK_LIBRARY", type=click.Path(file_okay=False),
              help="法规库目录（默认 ../shared/corpus，或环境变量 LAWDESK_LIBRARY）")
@click.option("--data", "data", envvar="LAWDESK_DATA", type=click.Path(file_okay=False),
              help="数据目录（默认 instance/，或环境变量 LAWDESK_DATA）")
@click.pass_context
def cli(ctx, library, data):
    """法规文书工作台 lawdesk"""
    from indexer.config import Settings
    ctx.obj = Settings.resolve(library=library, data=data)


def main(argv=None):
    """Run the CLI; errors are one Chinese line on stderr (exit 1; usage errors exit 2)."""
    from webapp.commands import messages
    messages.install()
    try:
        cli.main(args=argv, prog_name="lawdesk", standalone_mode=False)
    except click.UsageError as exc:
        hint = f"\n{exc.ctx.get_usage()}" if exc.ctx else ""
        message = exc.format_message()
        if isinstance(exc, click.MissingParameter):      # click appends an ASCII full stop to the name
            message = message.replace("'.", "'。", 1)
        click.echo(f"用法错误：{message}{hint}", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"错误：{exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.Abort):
        click.echo("已中断", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: one line for the user; LAWDESK_DEBUG=1 shows the traceback
        if os.environ.get("LAWDESK_DEBUG"):
            raise
        click.echo(f"错误：内部错误（{type(exc).__name__}: {exc}），请将此信息报告给维护人员"
                   f"（设置 LAWDESK_DEBUG=1 可看到详细信息）", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
