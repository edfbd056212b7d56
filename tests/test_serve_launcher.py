"""Starting `drafter serve`: the command's argument, the non-loopback warning, the GUI entry
point's folder, and a real server answering on a port."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("flask")

from drafter.errors import DrafterError  # noqa: E402
from drafter.serve import launcher  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_the_argument_names_a_folder_or_a_form(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert launcher.target_of(None) == (tmp_path, None)
    assert launcher.target_of(SAMPLES) == (SAMPLES, None)
    form = SAMPLES / "示例县2024年法治政府建设报告.yaml"
    assert launcher.target_of(form) == (SAMPLES.resolve(), form.name)
    (tmp_path / "x.docx").write_bytes(b"PK")
    with pytest.raises(DrafterError, match="yaml"):
        launcher.target_of(tmp_path / "x.docx")
    with pytest.raises(DrafterError, match="不存在"):
        launcher.target_of(tmp_path / "没有.yaml")


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("0.0.0.0", False), ("192.168.1.20", False), ("example.org", False)])
def test_loopback_addresses(host, loopback):
    assert launcher.is_loopback(host) is loopback


def test_the_gui_entry_point_serves_the_last_folder_or_documents(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("APPDATA", raising=False)
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    (tmp_path / "Documents").mkdir()
    assert launcher.last_folder() is None
    assert launcher.documents_folder() == tmp_path / "Documents"
    launcher.remember_folder(SAMPLES)
    assert launcher.last_folder() == SAMPLES
    served = {}

    def fake_serve(folder, **kw):
        if kw["port"] < 8002:   # two drafters already running
            raise launcher.PortBusy("端口已被占用")
        served.update(folder=folder, **kw)

    monkeypatch.setattr(launcher, "serve", fake_serve)
    launcher.gui_main()
    assert served["folder"] == SAMPLES and served["port"] == 8002 and served.get("host", "127.0.0.1") == "127.0.0.1"


def _serve_in_thread(monkeypatch, tmp_path, host, lines):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    started = {}
    from werkzeug.serving import make_server

    def fake_make_server(h, port, app, threaded):
        server = make_server(h, 0, app, threaded=threaded)
        started["server"], started["app"] = server, app
        return server

    monkeypatch.setattr("werkzeug.serving.make_server", fake_make_server)
    thread = threading.Thread(target=launcher.serve, args=(SAMPLES,),
                              kwargs={"host": host, "port": 0, "browser": False, "echo": lines.append}, daemon=True)
    thread.start()
    end = time.monotonic() + 10
    while time.monotonic() < end and not ("app" in started and started["app"].extensions["drafter"]["stop"]):
        time.sleep(0.05)
    assert "server" in started and started["app"].extensions["drafter"]["stop"], "服务器没有启动"
    return started, thread


def test_serve_listens_and_stops(monkeypatch, tmp_path):
    lines: list[str] = []
    started, thread = _serve_in_thread(monkeypatch, tmp_path, "127.0.0.1", lines)
    port = started["server"].port
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
        assert "本文件夹中的表单" in page.read().decode("utf-8")
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": f"attacker.example:{port}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 400
    started["app"].extensions["drafter"]["stop"]()
    thread.join(5)
    assert not thread.is_alive()
    assert any("正在服务文件夹" in line for line in lines) and not any("警告" in line for line in lines)
    assert lines[-1] == "drafter 已停止。"


def test_a_non_loopback_host_prints_a_warning(monkeypatch, tmp_path):
    lines: list[str] = []
    started, thread = _serve_in_thread(monkeypatch, tmp_path, "0.0.0.0", lines)
    started["app"].extensions["drafter"]["stop"]()
    thread.join(5)
    assert any(line.startswith("警告") and "其他电脑" in line for line in lines)


def test_cli_serve_reports_a_busy_port(run_cli, tmp_path, monkeypatch):
    import socket

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    try:
        code, out, err = run_cli("serve", str(SAMPLES), "--port", str(busy.getsockname()[1]), "--no-browser")
    finally:
        busy.close()
    assert code == 2 and "端口可能已被占用" in err


def test_cli_help_lists_serve(run_cli):
    code, out, _ = run_cli("--help")
    assert code == 0 and "drafter serve" in out
    code, out, _ = run_cli("serve", "--help")
    assert code == 0 and "--no-browser" in out and "127.0.0.1" in out and "表单.yaml" in out


def test_the_gui_entry_point_is_declared():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["gui-scripts"]["drafter-serve"] == "drafter.cli.main:serve_gui"
    assert any(d.startswith("flask") for d in project["project"]["dependencies"])   # every install has the form
    extras = project["project"]["optional-dependencies"]
    assert any(d.startswith("selenium") for d in extras["browser"])
    assert "selenium" in {d.split(">")[0].split("=")[0].split("~")[0] for d in extras["test"]}
    from drafter.cli.main import serve_gui

    assert callable(serve_gui)


def test_serve_without_flask_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    """A newcomer who installed only `pip install -e .` and runs `drafter serve` gets the
    install command and exit 2, not "内部错误" and a crash log."""
    import sys

    from drafter.cli.main import main

    for name in ("werkzeug.serving", "flask", "drafter.serve.app"):
        monkeypatch.setitem(sys.modules, name, None)  # import of these raises ImportError
    monkeypatch.setenv("DRAFTER_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--no-browser"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2, err
    assert "需要 Flask" in err and "pip install -e ." in err and "内部错误" not in err
    assert not (tmp_path / "logs").exists()
