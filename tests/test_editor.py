"""The form editor (`make edit`): Decap CMS at /admin/ on a copy of the sample content,
driven in Chromium, with decap-server in git mode behind the Host and Origin checks.

One editor (scripts/edit.py, as `make edit` runs it) is started per module on free ports.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from browser import Guard
from conftest import ROOT, copy_project

sys.path.insert(0, str(ROOT / "plugins"))
from bantin.editor import decap  # noqa: E402

# Every test here needs the editor's npm packages, a server and most of them Chromium.
pytestmark = pytest.mark.browser

NODE_MODULES = ROOT / "editor" / "node_modules"
VIETNAM = dt.timezone(dt.timedelta(hours=7))
GIT = ["git", "-c", "user.name=Thử", "-c", "user.email=thu@example.vn"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Editor:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.port, self.backend_port = free_port(), free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.log = root.parent / f"edit-{self.port}.log"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "scripts/edit.py"), "--root", str(root),
                                      "--port", str(self.port), "--backend-port", str(self.backend_port)],
                                     stdout=open(self.log, "wb"), stderr=subprocess.STDOUT, env=env)
        end = time.monotonic() + 180
        while not (listening(self.port) and listening(self.backend_port)):
            assert self.proc.poll() is None, self.log.read_text(encoding="utf-8", errors="replace")
            assert time.monotonic() < end, "the editor did not start: " + self.log.read_text(errors="replace")
            time.sleep(0.3)

    def stop(self) -> int:
        """Ctrl+C, as in the terminal; the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def project(tmp: Path, git: bool) -> Path:
    root = copy_project(tmp / "project")
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")
    if git:
        subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
        subprocess.run([*GIT, "-C", str(root), "add", "-A"], check=True)
        subprocess.run([*GIT, "-C", str(root), "commit", "-qm", "Bài mẫu"], check=True)
    return root


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    if not (NODE_MODULES / "decap-cms/dist/decap-cms.js").is_file():
        pytest.fail("editor/node_modules/decap-cms is missing: run `cd editor && npm ci` (make test does)")
    root = project(tmp_path_factory.mktemp("editor"), git=True)
    running = Editor(root)
    yield running
    running.stop()


def request(port: int, method: str, path: str, host: str, headers: dict | None = None,
            body: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    data = json.dumps(body).encode() if body is not None else None
    conn.request(method, path, body=data,
                 headers={"Host": host, **({"Content-Type": "application/json"} if data else {}),
                          **(headers or {})})
    response = conn.getresponse()
    result = response.status, dict(response.getheaders()), response.read()
    conn.close()
    return result


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def model(root: Path, rel: str):
    """The parsed article (bantin's own reading) of `articles/<rel>`, and all problems."""
    from bantin.reading import load_corpus
    from bantin.vocab import Vocabularies

    corpus = load_corpus(root, root / "articles", root / "photos", Vocabularies.load(root / "content/vocab"))
    found = [a for a in corpus.articles if str(a.src).replace("\\", "/").endswith(rel)]
    return found, corpus.problems


class LocalGuard(Guard):
    """No request leaves 127.0.0.1: the page's own origin, and its local backend."""

    backend: str = ""

    def _request(self, request) -> None:
        if not request.url.startswith(self.backend + "/"):
            super()._request(request)


def login(page, editor: Editor, route: str = "") -> Guard:
    guard = LocalGuard.attach(page, editor.origin)
    guard.backend = f"http://127.0.0.1:{editor.backend_port}"
    page.goto(f"{editor.origin}/admin/#/{route}")
    page.get_by_role("button", name="Đăng nhập").click()
    return guard


def field(page, name: str):
    """The visible control of field `name` last added (Decap ids are `<name>-field-<n>`)."""
    return page.locator(f"[id^='{name}-field-']:visible").last


def choose(page, name: str, option: str) -> None:
    field(page, name).click()
    page.get_by_role("option", name=option, exact=True).click()


def publish(page) -> None:
    page.get_by_role("button", name="Công bố").first.click()
    page.get_by_text("Công bố ngay").click()
    page.get_by_text("Thay đổi đã được lưu", exact=False).first.wait_for(timeout=20000)


def git_log(root: Path) -> list[str]:
    out = subprocess.run(["git", "-C", str(root), "log", "--format=%s"], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


# Configuration --------------------------------------------------------------------------

def test_config_lists_every_issuer_and_one_collection_per_year(tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "articles/2019").mkdir()
    cfg = decap.config(root, "http://127.0.0.1:8081/api/v1", today=dt.date(2026, 3, 1))
    years = sorted({p.name for p in (root / "articles").iterdir() if p.is_dir()} | {"2026"}, reverse=True)
    assert [c["folder"] for c in cfg["collections"]] == [f"articles/{y}" for y in years]
    assert years[:1] == ["2026"] and "2019" in years
    issuers = [e["name"] for e in yaml.safe_load((root / "content/vocab/issuers.yml").read_text(encoding="utf-8"))]
    for collection in cfg["collections"]:
        assert collection["media_folder"].startswith("/photos")
        assert collection["sortable_fields"][0]["default_sort"] == "desc"
        awards = next(f for f in collection["fields"] if f["name"] == "awards")
        sub = {f["name"]: f for f in awards["fields"]}
        assert sub["issuer"]["options"] == issuers
        assert [f["name"] for f in sub["recipients"]["fields"]] == ["name", "rank", "unit", "public"]
        assert {"decision", "decision_date"} <= set(sub)
        names = [f["name"] for f in collection["fields"]]
        assert {"officials", "stats", "photos", "updated", "changes", "withdrawn", "draft"} <= set(names)
        # The template's order: title, date, category, authors, summary, tags, …
        assert names[:6] == ["title", "date", "category", "authors", "summary", "tags"]
        assert all(f["required"] == (f["name"] in ("title", "date", "category")) for f in collection["fields"]
                   if f["name"] != "body")
        assert all(f["hint"] for f in collection["fields"] if f["widget"] != "hidden")
        # No insert-image menu in the body (an empty list hides Decap's component menu):
        # photos have their field, and an image inside the text is refused by make check.
        assert next(f for f in collection["fields"] if f["name"] == "body")["editor_components"] == []
    assert cfg["locale"] == "vi"


def test_served_config_follows_the_vocabulary_and_year_folders(editor):
    status, headers, body = request(editor.port, "GET", "/admin/config.yml", f"127.0.0.1:{editor.port}")
    assert status == 200
    cfg = yaml.safe_load(body)
    years = sorted({p.name for p in (editor.root / "articles").iterdir() if p.is_dir() and p.name.isdigit()}
                   | {str(dt.datetime.now(VIETNAM).year)}, reverse=True)
    assert [c["name"] for c in cfg["collections"]] == [f"nam-{y}" for y in years]
    assert cfg["backend"]["proxy_url"] == f"http://127.0.0.1:{editor.backend_port}/api/v1"
    assert cfg["backend"]["branch"] == "main"


def test_build_publishes_no_admin(build_site):
    built = build_site.sample()
    assert not (built.site / "admin").exists()
    assert not list(built.site.rglob("decap-cms*.js"))


# Safety -----------------------------------------------------------------------------------

def test_foreign_host_and_origin_get_403(editor):
    own, api = f"127.0.0.1:{editor.port}", f"127.0.0.1:{editor.backend_port}"
    info = {"action": "info"}
    # The preview and the admin page.
    for path in ("/", "/admin/", "/admin/config.yml"):
        assert request(editor.port, "GET", path, f"evil.example:{editor.port}")[0] == 403
        assert request(editor.port, "GET", path, own)[0] in (200, 302)
    assert request(editor.port, "GET", "/admin/", f"localhost:{editor.port}")[0] == 200
    assert request(editor.port, "GET", "/", f"127.0.0.1:{editor.port + 1}")[0] == 403
    # decap-server: foreign Host, foreign Origin (another local port too), preflight.
    assert request(editor.backend_port, "POST", "/api/v1", f"evil.example:{editor.backend_port}", body=info)[0] == 403
    for origin in ("http://evil.example:8000", f"http://127.0.0.1:{editor.port + 1}", "http://localhost:3000"):
        assert request(editor.backend_port, "POST", "/api/v1", api, {"Origin": origin}, body=info)[0] == 403
        assert request(editor.backend_port, "OPTIONS", "/api/v1", api,
                       {"Origin": origin, "Access-Control-Request-Method": "POST"})[0] == 403
    # The page's own origin works, and so does its preflight.
    status, headers, body = request(editor.backend_port, "POST", "/api/v1", api, {"Origin": editor.origin}, body=info)
    assert status == 200 and json.loads(body)["type"] == "local_git"
    assert headers.get("Access-Control-Allow-Origin") == editor.origin
    status, headers, _ = request(editor.backend_port, "OPTIONS", "/api/v1", api,
                                 {"Origin": editor.origin, "Access-Control-Request-Method": "POST"})
    assert status in (200, 204) and headers.get("Access-Control-Allow-Origin") == editor.origin
    # Bound to 127.0.0.1 only.
    out = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True).stdout if shutil.which("ss") else ""
    for port in (editor.port, editor.backend_port):
        bound = [line.split()[3] for line in out.splitlines() if line.split()[3].endswith(f":{port}")]
        assert bound in ([], [f"127.0.0.1:{port}"]), bound


# In the browser ---------------------------------------------------------------------------

def test_admin_lists_the_sample_articles(editor, chromium):
    page = chromium.new_page(viewport={"width": 1300, "height": 900})
    guard = login(page, editor, "collections/nam-2022")
    titles = [front_matter(p)["title"] for p in sorted((editor.root / "articles/2022").glob("*.md"))]
    for title in titles:
        page.get_by_text(title, exact=False).first.wait_for(timeout=20000)
    body = page.inner_text("body")
    assert "Bài viết năm 2020" in body and "Sắp xếp theo" in body  # Vietnamese interface, every year
    # Newest first, dates shown as written (25/11/2022 before 18/08/2022 before 2022-03-01).
    dates = {front_matter(p)["title"]: str(front_matter(p)["date"])
             for p in (editor.root / "articles/2022").glob("*.md")}
    shown = sorted(titles, key=lambda t: body.find(t[:40]))
    assert [dates[t] for t in shown] == ["25/11/2022", "18/08/2022 14:32", "2022-03-01"], shown
    page.close()
    guard.check()


def test_create_an_article_with_awards_figure_and_photo(editor, chromium):
    year = str(dt.datetime.now(VIETNAM).year)
    before = len(git_log(editor.root))
    page = chromium.new_page(viewport={"width": 1300, "height": 900})
    guard = login(page, editor, f"collections/nam-{year}/new")
    field(page, "title").fill("Trao thưởng phong trào thử nghiệm trình soạn thảo")
    field(page, "date").fill(f"02/01/{year} 08:30")
    choose(page, "category", "Khen thưởng")
    page.get_by_role("button", name="Thêm khen thưởng").click()
    choose(page, "award", "Bằng khen")
    choose(page, "issuer", "Bộ Công an")
    choose(page, "recipient_type", "cá nhân")
    field(page, "count").fill("3")
    for name, unit in (("Nguyễn Văn An", "Công an phường An Hòa"), ("Lê Thị Bình", "Công an xã Mỹ Khánh")):
        page.get_by_role("button", name="Thêm người được khen").last.click()
        field(page, "name").fill(name)
        field(page, "unit").fill(unit)
    page.get_by_role("button", name="Thêm khen thưởng").click()
    choose(page, "award", "Giấy khen")
    choose(page, "issuer", "Giám đốc Công an tỉnh")
    choose(page, "recipient_type", "tập thể")
    field(page, "count").fill("2")
    page.get_by_role("button", name="Thêm số liệu").click()
    choose(page, "metric", "Khu dân cư văn hóa")
    field(page, "value").fill("2.863")
    field(page, "area").fill("thị xã Điện Bàn")
    page.get_by_role("button", name="Thêm ảnh").click()
    page.get_by_role("button", name="Chọn một hình").click()
    page.locator("input[type=file]").last.set_input_files(str(editor.root / "photos/2022/dien-ban-diem-cau.jpg"))
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    field(page, "caption").fill("Trao Bằng khen tại hội nghị")
    page.locator("[data-slate-editor]:visible").last.click()
    page.keyboard.type("Đoạn mở đầu của bài viết thử.")
    # The preview pane shows the award table as it is typed.
    frame = page.frame_locator("iframe").first
    assert "Nguyễn Văn An" in frame.locator("table.bt-awards").inner_text()
    publish(page)

    path = editor.root / f"articles/{year}/trao-thuong-phong-trao-thu-nghiem-trinh-soan-thao.md"
    assert path.is_file(), sorted(p.name for p in (editor.root / "articles").rglob("*.md"))
    fm = front_matter(path)
    assert fm["awards"][0]["recipients"] == [{"name": "Nguyễn Văn An", "unit": "Công an phường An Hòa"},
                                             {"name": "Lê Thị Bình", "unit": "Công an xã Mỹ Khánh"}]
    assert fm["awards"][1] == {"award": "Giấy khen", "issuer": "Giám đốc Công an tỉnh",
                               "recipient_type": "tập thể", "count": 2}
    assert fm["stats"] == [{"metric": "Khu dân cư văn hóa", "value": "2.863", "area": "thị xã Điện Bàn"}]
    assert fm["photos"][0]["file"] == f"{year}/dien-ban-diem-cau.jpg"
    assert (editor.root / "photos" / fm["photos"][0]["file"]).is_file()
    assert "bantin_sort" not in path.read_text(encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "bantin.check", "--root", str(editor.root)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    # With git, the save is a commit with a Vietnamese message.
    log = git_log(editor.root)
    assert len(log) > before and log[0].startswith("Bài mới “trao-thuong-phong-trao-thu-nghiem-trinh-soan-thao”")
    status = subprocess.run(["git", "-C", str(editor.root), "status", "--porcelain", "articles", "photos"],
                            capture_output=True, text=True).stdout
    assert status == ""
    # The preview page shows the awards, within seconds of the save.
    url = f"{editor.origin}/bai-viet/{year}/trao-thuong-phong-trao-thu-nghiem-trinh-soan-thao/"
    for _ in range(60):
        if request(editor.port, "GET", url.removeprefix(editor.origin), f"127.0.0.1:{editor.port}")[0] == 200:
            break
        time.sleep(0.5)
    page.goto(url)
    text = page.inner_text("main")
    assert "Bằng khen" in text and "Giấy khen" in text and "Nguyễn Văn An" in text and "Lê Thị Bình" in text
    page.close()
    guard.check()


def test_edit_a_title_changes_only_the_title(editor, chromium):
    rel = "2022/tong-ket-ngay-hoi-2022-dien-ban.md"
    path = editor.root / "articles" / rel
    before_fm = front_matter(path)
    before_text = path.read_text(encoding="utf-8")
    (before,), problems = model(editor.root, rel)
    page = chromium.new_page(viewport={"width": 1300, "height": 900})
    guard = login(page, editor, "collections/nam-2022/entries/tong-ket-ngay-hoi-2022-dien-ban")
    title = field(page, "title")
    title.wait_for()
    assert title.input_value() == before_fm["title"]
    assert field(page, "date").input_value() == "25/11/2022"
    # A role written as text (`role: phát biểu`) shows in the multiple select.
    page.get_by_text("3 đại biểu").click()
    page.get_by_text("Lê Quốc Hùng").first.click()
    # The select's own value box (the input's grandparent): the chips, not the hint.
    shown = page.evaluate("""() => [...document.querySelectorAll("input[id^='role-field-']")].map(
        i => i.parentElement.parentElement.innerText)""")
    assert "phát biểu" in shown[0] and "Chủ trì" not in shown[0], shown
    title.fill(before_fm["title"] + " (đã sửa)")
    publish(page)
    page.close()
    guard.check()

    after_fm = front_matter(path)
    assert list(after_fm) == list(before_fm)  # key order unchanged
    assert after_fm == {**before_fm, "title": before_fm["title"] + " (đã sửa)"}
    assert path.read_text(encoding="utf-8").split("---", 2)[2] == before_text.split("---", 2)[2]  # body
    (after,), problems = model(editor.root, rel)
    assert not problems
    changed = {f.name for f in dataclasses.fields(before)
               if f.compare and getattr(before, f.name) != getattr(after, f.name)}
    # The slug follows the title unless the article sets one.
    assert changed == ({"title"} if "slug" in before_fm else {"title", "slug"}), changed
    assert git_log(editor.root)[0].startswith("Sửa bài “tong-ket-ngay-hoi-2022-dien-ban”")


def test_ctrl_c_stops_both_servers(tmp_path):
    root = project(tmp_path, git=False)  # not a checkout: decap-server in fs mode
    running = Editor(root)
    status, _, body = request(running.backend_port, "POST", "/api/v1", f"127.0.0.1:{running.backend_port}",
                              body={"action": "info"})
    assert status == 200 and json.loads(body)["type"] == "local_fs"
    assert running.stop() == 0
    time.sleep(0.5)
    assert not listening(running.port) and not listening(running.backend_port)


def test_make_serve_refuses_a_foreign_host(tmp_path):
    root = copy_project(tmp_path / "project")
    port = free_port()
    log = tmp_path / "serve.log"
    proc = subprocess.Popen([sys.executable, str(ROOT / "scripts/serve.py"), "--port", str(port)], cwd=root,
                            stdout=open(log, "wb"), stderr=subprocess.STDOUT,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    try:
        end = time.monotonic() + 180
        while not listening(port):
            assert proc.poll() is None and time.monotonic() < end, log.read_text(errors="replace")
            time.sleep(0.3)
        status, _, body = request(port, "GET", "/", f"evil.example:{port}")
        assert status == 403 and "127.0.0.1" in body.decode("utf-8")
        assert request(port, "GET", "/", f"127.0.0.1:{port}")[0] == 200
        assert request(port, "GET", "/", f"localhost:{port}")[0] == 200
        assert request(port, "GET", "/admin/", f"127.0.0.1:{port}")[0] == 404  # no editor with make serve
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    # The address and how to stop in Vietnamese; not MkDocs' "'dirty' build ... inaccurate navigation".
    text = log.read_text(encoding="utf-8", errors="replace")
    assert f"Bản xem trước: http://127.0.0.1:{port}/" in text and "Ctrl+C" in text
    assert "'dirty' build" not in text
