"""Starting `drafter serve`: check the address, make the application, open the browser, serve.

The command (`drafter serve [表单.yaml | 文件夹]`) and the Windows start-menu entry point
(`drafter-serve`, a GUI script: no console; both defined in drafter.cli, which passes its crash
log in) end here. The entry point serves the folder
used last time (remembered in the user's settings folder) or else the user's 文档 folder.
The server is werkzeug's threaded server with Flask's debugger and reloader off; it listens
on 127.0.0.1 unless told otherwise, and warns when it is reachable from other computers.
"""

from __future__ import annotations

import ipaddress
import json
import os
import sys
import threading
import webbrowser
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from drafter.errors import EXIT_UNREADABLE, DrafterError

class PortBusy(DrafterError):
    """The port is taken (often by a drafter started earlier)."""


#: Flask and the packages it brings (a dependency of drafter: missing only from a broken install).
FLASK_PACKAGES = frozenset({"flask", "werkzeug", "itsdangerous", "blinker", "markupsafe"})
NEEDS_FLASK = ("drafter serve 需要 Flask，当前的 Python 环境中没有安装（安装不完整）。请在 drafter 项目文件夹中重新安装："
               ".venv/bin/pip install -e .（Windows：.venv\\Scripts\\pip install -e .），再运行 drafter serve")

#: Ports the start-menu entry point tries in turn when the first is taken.
GUI_PORTS = range(8000, 8010)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def settings_file() -> Path:
    base = os.environ.get("APPDATA") or os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "drafter" / "serve.json"


def last_folder() -> Path | None:
    from drafter.limits import read_bounded

    try:
        folder = Path(json.loads(read_bounded(settings_file(), 64 * 1024, "设置文件").decode("utf-8"))["folder"])
    except (DrafterError, OSError, ValueError, KeyError, TypeError):
        return None
    return folder if folder.is_dir() else None


def remember_folder(folder: Path) -> None:
    path = settings_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"folder": str(folder)}, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass  # remembering is a convenience only


def documents_folder() -> Path:
    """The user's 文档 (Documents) folder, or the home folder."""
    home = Path.home()
    for name in ("Documents", "文档", "My Documents"):
        if (home / name).is_dir():
            return home / name
    return home


def target_of(argument: Path | None) -> tuple[Path, str | None]:
    """(folder to serve, form to open first) for the command's argument."""
    if argument is None:
        return Path.cwd(), None
    if argument.is_dir():
        return argument, None
    if argument.is_file():
        if argument.suffix.lower() not in (".yaml", ".yml"):
            raise DrafterError("请指定 .yaml 表单文件或文件夹", file=str(argument), exit_code=EXIT_UNREADABLE)
        return argument.resolve().parent, argument.name
    raise DrafterError("文件或文件夹不存在", file=str(argument), exit_code=EXIT_UNREADABLE)


def serve(folder: Path, *, open_name: str | None = None, host: str = "127.0.0.1", port: int = 8000,
          browser: bool = True, echo: Callable[[str], None] = print,
          crash_log: Callable[[], Path] | None = None) -> None:
    """Serve `folder` until stopped (关闭 drafter on the start page, or Ctrl+C)."""
    import logging

    try:
        from werkzeug.serving import make_server

        from drafter.serve.app import create_app, listen_on
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in FLASK_PACKAGES:
            raise
        raise DrafterError(NEEDS_FLASK, exit_code=EXIT_UNREADABLE) from None

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request in the user's window

    if not is_loopback(host):
        echo(f"警告：drafter 将在 {host} 上监听，同一网络中的其他电脑也能打开这些表单。"
             "除非确有需要，请不要使用 --host（默认只允许本机访问）。")
    app = create_app(folder, host=host, port=port, crash_log=crash_log)
    busy = PortBusy(f"无法在 {host}:{port} 上启动：端口可能已被占用，请用 --port 换一个端口，如 --port {port + 1}",
                    exit_code=EXIT_UNREADABLE)
    _probe(host, port, busy)
    try:
        server = make_server(host, port, app, threaded=True)
    except (OSError, SystemExit):  # werkzeug exits on a port in use
        raise busy from None
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{server.port}/"
    if open_name:
        url += f"open?name={quote(open_name)}"
    listen_on(app, host, server.port)
    app.extensions["drafter"]["stop"] = server.shutdown  # the 关闭 drafter button on the start page
    remember_folder(folder.resolve())
    echo(f"drafter 已启动，正在服务文件夹：{folder.resolve()}")
    echo(f"请在浏览器中打开：{url}")
    echo("在首页点“关闭 drafter”，或按 Ctrl+C 停止。")
    if browser:
        threading.Timer(0.5, lambda: webbrowser.open(url)).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    echo("drafter 已停止。")


def _probe(host: str, port: int, busy: DrafterError) -> None:
    """Refuse a port already in use before werkzeug does (it prints English and exits)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name != "nt":  # as werkzeug binds: a port left in TIME_WAIT by a stopped server is free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
                raise busy from None
            raise DrafterError(f"无法在 {host}:{port} 上启动：{exc.strerror or exc}", exit_code=EXIT_UNREADABLE) from None


def gui_main(crash_log: Callable[[], Path] | None = None) -> None:
    """What the `drafter-serve` entry point (drafter.cli.main:serve_gui, no console window on
    Windows) runs: the last folder or 文档, the first free port of GUI_PORTS, errors in a box."""
    for name in ("stdout", "stderr"):  # pythonw (no console) has neither
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    folder = last_folder() or documents_folder()
    for port in GUI_PORTS:
        try:
            serve(folder, port=port, echo=_quiet_echo, crash_log=crash_log)
            return
        except PortBusy:
            continue
        except DrafterError as exc:
            _show_error(str(exc))
            sys.exit(exc.exit_code)
    _show_error(f"无法启动 drafter：端口 {GUI_PORTS.start}–{GUI_PORTS.stop - 1} 都已被占用。请关闭已打开的 drafter 后再试。")
    sys.exit(EXIT_UNREADABLE)


def _quiet_echo(message: str) -> None:
    try:
        print(message)
    except (OSError, ValueError):
        pass


def _show_error(message: str) -> None:
    try:
        import tkinter
        from tkinter import messagebox

        root = tkinter.Tk()
        root.withdraw()
        messagebox.showerror("drafter", message)
        root.destroy()
    except Exception:  # noqa: BLE001 - no display: the message goes to stderr if there is one
        if sys.stderr is not None:
            print(message, file=sys.stderr)
