"""No input can crash or hang a check: bounded reading, every file named in one run,
and a property test over generated front matter and bytes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bantin.check import main as check_main
from bantin.reading import load_corpus
from bantin.schema import parse_article
from bantin.vocab import Vocabularies

FIXTURE_VOCAB = Path(__file__).parent / "fixtures/vocab-small"
VOCAB = Vocabularies.load(FIXTURE_VOCAB)
GOOD = "---\ntitle: Bài thử {n}\ndate: 18/08/2022\ncategory: Tin hoạt động\n---\nNội dung.\n"


def project(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    (tmp_path / "articles").mkdir(exist_ok=True)
    (tmp_path / "photos").mkdir(exist_ok=True)
    return tmp_path


def check(root: Path) -> list[str]:
    corpus = load_corpus(root, root / "articles", root / "photos", VOCAB)
    return [str(p) for p in corpus.problems]


# Property: any front matter, any bytes -------------------------------------------------------

SCALARS = st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
                    st.sampled_from(["2023-02-29", "18/08/2022", "&a x", "*a", "“x”", "\u00a0", "\t", "[", "{",
                                     "Nguyễn Văn A", "???", "\u202e", "2.863", "- x", ": y", "0000-00-00"]))
KEYS = st.sampled_from(["title", "date", "category", "tags", "authors", "awards", "stats", "event", "officials",
                        "photos", "draft", "pin", "slug", "count", "recipients", "name", "value", "area",
                        "metric", "award", "issuer", "recipient_type", "file", "x\u00a0y", "<<"])
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(KEYS, inner, max_size=4)), max_leaves=20)


def render(value: object, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        return "".join(f"{pad}{k}:\n{render(v, indent + 2)}" if isinstance(v, (dict, list)) and v
                       else f"{pad}{k}: {render(v).strip()}\n" for k, v in value.items())
    if isinstance(value, list):
        return "".join(f"{pad}-\n{render(v, indent + 2)}" if isinstance(v, (dict, list)) and v
                       else f"{pad}- {render(v).strip()}\n" for v in value) or f"{pad}[]\n"
    return f"{pad}{value}\n"


def assert_article_or_problem(data: bytes) -> None:
    start = time.perf_counter()
    article, problems = parse_article(data, "articles/x.md", VOCAB)
    assert (article is None) == bool(problems)  # an article, or at least one problem: never both, never neither
    assert time.perf_counter() - start < 2


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, VALUES, max_size=8), st.text(max_size=200))
def test_generated_front_matter_gives_an_article_or_problems(fields, body):
    assert_article_or_problem(("---\n" + render(fields) + "---\n" + body).encode("utf-8", "surrogatepass"))


@settings(max_examples=300, deadline=2000)
@given(st.binary(max_size=600))
def test_any_bytes_give_an_article_or_problems(data):
    assert_article_or_problem(data)
    assert_article_or_problem(b"---\n" + data + b"\n---\n")


@settings(max_examples=200, deadline=2000)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@`,? \n\t\u00a0\u200b\u202e“”")),
               max_size=300))
def test_yaml_punctuation_soup_gives_an_article_or_problems(text):
    assert_article_or_problem(("---\ntitle: x\n" + text + "\n---\nx").encode())


# Hostile and accidental files --------------------------------------------------------------


def test_alias_bomb_is_refused_at_once():
    bomb = "---\na: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, c in zip("abcdefgh", "bcdefghi")) + "---\n"
    start = time.perf_counter()
    _, problems = parse_article(bomb.encode(), "articles/x.md", VOCAB)
    assert time.perf_counter() - start < 0.5
    assert "neo/bí danh YAML" in str(problems[0])


def test_symlinks_special_files_and_size(tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(GOOD.format(n=0), encoding="utf-8")
    root = project(tmp_path / "p", {"articles/ok.md": GOOD.format(n=1), "articles/sub/trong.md": GOOD.format(n=2),
                                    "articles/lon.md": b"---\n" + b"x" * 1_100_000})
    (root / "articles/ngoai.md").symlink_to(outside)
    (root / "articles/mat.md").symlink_to(root / "articles/khong-co.md")
    (root / "articles/zero.md").symlink_to("/dev/zero")
    (root / "articles/lien-ket.md").symlink_to(root / "articles/sub/trong.md")  # inside: fine, but same URL
    os.mkfifo(root / "articles/ong.md")
    start = time.perf_counter()
    found = check(root)
    assert time.perf_counter() - start < 5
    by_file = {line.split(":")[0]: line for line in found}
    assert "dẫn ra ngoài thư mục dự án" in by_file["articles/ngoai.md"]
    assert "dẫn ra ngoài thư mục dự án" in by_file["articles/zero.md"]
    assert "dẫn tới một tệp không còn" in by_file["articles/mat.md"]
    assert "không phải là một tệp văn bản bình thường" in by_file["articles/ong.md"]
    assert "quá lớn (1,1 MB; tối đa 1 MB cho một bài)" in by_file["articles/lon.md"]
    # A link inside the project is read (and here it duplicates an article's URL).
    assert "trùng với bài" in by_file["articles/sub/trong.md"] or "trùng với bài" in by_file["articles/lien-ket.md"]
    assert "articles/ok.md" not in by_file


def test_fifty_megabytes_are_never_read(tmp_path):
    root = project(tmp_path, {})
    with open(root / "articles/to.md", "wb") as big:
        big.truncate(50_000_000)  # sparse: the check must refuse it by its size
    start = time.perf_counter()
    (line,) = check(root)
    assert time.perf_counter() - start < 1 and "quá lớn (50 MB" in line


def test_photo_link_outside_the_project_is_refused(tmp_path):
    secret = tmp_path / "bi-mat.jpg"
    secret.write_bytes(b"x")
    root = project(tmp_path / "p", {"articles/a.md": GOOD.format(n=1).replace(
        "---\nNội", "photos:\n  - file: anh.jpg\n---\nNội")})
    (root / "photos/anh.jpg").symlink_to(secret)
    (line,) = check(root)
    assert line.startswith("articles/a.md:6 ảnh thứ 1 › tệp ảnh (photos[0].file):")
    assert "dẫn ra ngoài thư mục dự án" in line


def test_word_and_windows_files_are_named(tmp_path):
    root = project(tmp_path, {"articles/bai.md.txt": GOOD.format(n=1), "articles/2022/bao-cao.docx": b"PK\x03\x04",
                              "articles/cu.doc": b"\xd0\xcf\x11\xe0", "articles/ok.md": GOOD.format(n=2)})
    found = check(root)
    assert sorted(line.split(" ")[0] for line in found) == [
        "articles/2022/bao-cao.docx:1", "articles/bai.md.txt:1", "articles/cu.doc:1"]
    md_txt = next(line for line in found if "bai.md.txt" in line)
    assert "được lưu thành .md.txt" in md_txt and "bai.md" in md_txt and "make import" in md_txt
    assert "là tệp Word (.docx)" in next(line for line in found if "docx" in line)


def test_twenty_broken_files_are_all_named_in_one_run_under_5_seconds(tmp_path, capsys):
    broken = {
        "yaml": "---\ntitle: Hội nghị: tổng kết\n---\n", "tab": "---\ntitle: x\n\tdate: 1\n---\n",
        "nbsp": "---\ntitle: x\n\u00a0date: 18/08/2022\n---\n", "curly": "---\ntitle: “A: b”\n---\n",
        "alias": "---\ntitle: &a x\nsource: *a\n---\n", "date": "---\ntitle: x\ndate: 2023-02-29\n---\n",
        "khong-front": "chỉ có chữ", "khong-dong": "---\ntitle: x\n", "utf8": b"---\ntitle: C\xe2n\n---\n",
        "bidi": "---\ntitle: a\u202eb\n---\n", "zw": "---\ntitle: \u200b\n---\n",
        "script": GOOD.format(n=1) + "<script>x</script>",
        "js": GOOD.format(n=2) + "[a](javascript:x)",
        "ten": GOOD.format(n=3).replace("---\nNội", "officials:\n  - name: '!!!'\n---\nNội"),
        "mau": GOOD.format(n=4).replace("---\nNội", "officials:\n  - name: Nguyễn Văn A\n---\nNội"),
        "sau": "---\ntitle: x\ndate: 18/08/2022\ncategory: x\n" + "a:\n " * 30 + "\n---\n",
        "ngoac": "---\ntitle: " + "[" * 5000 + "\n---\n",
        "dem": GOOD.format(n=5).replace("---\nNội", "awards:\n  - count: chín\n---\nNội"),
        "trung": "---\ntitle: a\ntitle: b\n---\n", "bom": GOOD.format(n=6) + "\ufeffx",
    }
    assert len(broken) == 20
    root = project(tmp_path, {f"articles/{name}.md": text for name, text in broken.items()})
    start = time.perf_counter()
    status = check_main(["--root", str(root), "--vocab", str(FIXTURE_VOCAB)])
    elapsed = time.perf_counter() - start
    out = capsys.readouterr()
    assert status == 1 and elapsed < 5
    named = {line.split(":")[0] for line in out.out.splitlines() if line.startswith("articles/")}
    assert named == {f"articles/{name}.md" for name in broken}
    assert "Có " in out.err and "trong 20 tệp" in out.err
    assert "Traceback" not in out.out + out.err


def test_a_thousand_articles_check_in_a_few_seconds(tmp_path):
    root = project(tmp_path, {f"articles/{i // 100}/bai-{i}.md": GOOD.format(n=i) + "Đoạn. " * 200
                              for i in range(1000)})
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "bantin.check", "--root", str(root), "--vocab", str(FIXTURE_VOCAB)],
                         capture_output=True, text=True, timeout=60)
    elapsed = time.perf_counter() - start
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Tốt: 1000 bài" in run.stderr
    assert elapsed < 10  # a few seconds on a shared 2-core machine, process start-up included


@pytest.mark.parametrize("name", ["Nguyễn \u202eVăn Tư", "???", "\u200b\u200b"])
def test_names_that_could_spoof_or_are_empty_are_refused(name):
    text = GOOD.format(n=1).replace("---\nNội", f"officials:\n  - name: \"{name}\"\n---\nNội")
    article, problems = parse_article(text.encode(), "articles/x.md", VOCAB)
    assert article is None and problems
