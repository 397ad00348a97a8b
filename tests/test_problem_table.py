"""Every kind of problem, as a press officer meets it: the input, the Vietnamese message,
the file and the line. Read against the small frozen vocabulary in tests/fixtures/vocab-small,
so that an editor renaming a category in content/vocab breaks no test here."""

from __future__ import annotations

from pathlib import Path

import pytest

from bantin.schema import parse_article
from bantin.vocab import Vocabularies

pytestmark = pytest.mark.unit
VOCAB = Vocabularies.load(Path(__file__).parent / "fixtures/vocab-small")
HEAD = "---\ntitle: Bài thử\ndate: 18/08/2022\ncategory: Tin hoạt động\n"


def article(fields: str = "", body: str = "Nội dung.") -> str:
    """A good article (lines 1-4) with `fields` from line 5 on, then the body."""
    return HEAD + fields + "---\n" + body + "\n"


def messages(text: str) -> list[str]:
    found, problems = parse_article(text.encode("utf-8"), "articles/2022/bai.md", VOCAB)
    assert found is None or not problems
    return [str(p) for p in problems]


AWARD = "awards:\n  - award: Bằng khen\n    issuer: Bộ Công an\n    recipient_type: tập thể\n"
F = "articles/2022/bai.md"
FM = "(phần thông tin đầu bài)"

# name: (input, [expected messages, in order])
CASES: dict[str, tuple[str, list[str]]] = {
    "no front matter": ("Chỉ có chữ.\n", [
        f"{F}:1 {FM}: không có: tệp phải bắt đầu bằng một dòng `---`, rồi các trường, rồi một dòng `---` nữa "
        "(xem articles/_mau.md)"]),
    "front matter not closed": ("---\ntitle: Bài thử\n", [
        f"{F}:1 {FM}: chưa được đóng: thêm một dòng `---` sau trường cuối cùng"]),
    "colon in a text": (article().replace("title: Bài thử", "title: Hội nghị: tổng kết"), [
        f'{F}:2 {FM}: "title: Hội nghị: tổng kết" '
        f'không đọc được ở dòng này: có dấu hai chấm và dấu cách ": " giữa một đoạn chữ, máy hiểu '
        'đó là một trường mới; đặt cả đoạn chữ trong ngoặc kép thẳng, ví dụ: title: "Hội nghị: tổng kết"']),
    "unclosed quote": (article('source: "Báo Công an\n'), [
        f'{F}:5 {FM}: "source: \"Báo Công an" '
        f'không đọc được ở dòng này: một dấu ngoặc kép được mở mà không đóng; thêm dấu " ở cuối '
        "đoạn chữ (trong đoạn chữ, dùng dấu ' thay cho \")"]),
    "bad indentation": (article("event:\n  name: Hội nghị\n place: Cần Thơ\n"), [
        f'{F}:7 {FM}: "place: Cần Thơ" '
        f'không đọc được ở dòng này: thụt lề không khớp với các dòng trên: các trường cùng cấp phải '
        'thẳng cột, các mục "- " của một danh sách cũng vậy (so với articles/_mau.md)']),
    "special first character": (article("source: @congan\n"), [
        f'{F}:5 {FM}: "source: @congan" '
        f'không đọc được ở dòng này: một giá trị bắt đầu bằng ký tự đặc biệt (@, `, %, |, >, …); '
        'đặt cả giá trị trong ngoặc kép thẳng, ví dụ: source: "@congan"']),
    "curly quotes": (article("source: “Báo Công an: số 3”\n"), [
        f'{F}:5 {FM}: "source: “Báo Công an: số 3”" có dấu ngoặc kép cong “ ” hoặc ‘ ’ (Word tự đổi khi gõ) '
        'dùng làm dấu ngoặc; máy chỉ hiểu dấu ngoặc thẳng. Gõ lại bằng dấu " thẳng, ví dụ: '
        'source: "Báo Công an: số 3"']),
    "non-breaking spaces as indentation": (article("event:\n\u00a0\u00a0name: Hội nghị\n"), [
        f'{F}:6 {FM}: "⟨U+00A0⟩⟨U+00A0⟩name: Hội nghị" có dấu cách không ngắt (U+00A0) (thường do chép từ Word '
        'hoặc trang web) ở đầu dòng hoặc sau dấu ":" hay "-"; máy không coi đó là dấu cách nên tên trường không '
        "được nhận ra. Xoá khoảng trắng đó và gõ lại bằng phím cách"]),
    "tab": (article("event:\n\tname: Hội nghị\n"), [
        f'{F}:6 {FM}: "⟨U+0009⟩name: Hội nghị" có ký tự tab; phần thông tin đầu bài chỉ được thụt lề bằng dấu '
        "cách: thay mỗi tab bằng hai dấu cách"]),
    "zero-width title": (article().replace("title: Bài thử", "title: \u200b\u200b"), [
        f'{F}:2 {FM}: "title: ⟨U+200B⟩⟨U+200B⟩" có ký tự vô hình (ký tự độ rộng bằng không, U+200B; thường do '
        "chép từ web hoặc Word): xoá nó bằng cách xoá rồi gõ lại các chữ quanh đó",
        f"{F}:2 tiêu đề (title): còn thiếu; trường này bắt buộc, ví dụ: title: Ngày hội toàn dân bảo vệ ANTQ ở "
        "Ninh Kiều"]),
    "right-to-left override in a name": (article("officials:\n  - name: Nguyễn \u202eVăn Tư\n"), [
        f'{F}:6 {FM}: "- name: Nguyễn ⟨U+202E⟩Văn Tư" có ký tự điều khiển chiều chữ (U+202E): nó làm chữ hiện '
        "ngược hoặc đảo thứ tự, người đọc thấy khác với điều được viết; xoá nó (xoá rồi gõ lại dòng này)"]),
    "BOM in the middle": (article(body="Đoạn một.\n\ufeffĐoạn hai."), [
        f'{F}:7 (nội dung bài): "⟨U+FEFF⟩Đoạn hai." có dấu BOM (U+FEFF) ở giữa tệp, thường do ghép hai tệp '
        "hoặc chép từ tệp khác; xoá nó (xoá rồi gõ lại đầu dòng này)"]),
    "YAML aliases": (article("authors: [&a Mai Hà, *a]\n"), [
        f"{F}:5 {FM}: dùng neo/bí danh YAML (`&tên`, `*tên`); phần thông tin đầu bài không cần chúng: viết đầy "
        "đủ giá trị ở từng chỗ thay cho `*tên`"]),
    "impossible ISO date": (article().replace("date: 18/08/2022", "date: 2023-02-29"), [
        f'{F}:3 ngày (date): "2023-02-29" không phải là ngày giờ có thật (ngày 29, tháng 2, năm 2023); viết '
        "dạng 18/08/2022 hoặc 18/08/2022 14:32 (ngày/tháng/năm, giờ Việt Nam)"]),
    "date in words": (article().replace("date: 18/08/2022", "date: hôm qua"), [
        f'{F}:3 ngày (date): "hôm qua" không phải là ngày; viết dạng 18/08/2022 hoặc 18/08/2022 14:32 '
        "(ngày/tháng/năm, giờ Việt Nam)"]),
    "missing title": (article().replace("title: Bài thử\n", ""), [
        f"{F}:2 tiêu đề (title): còn thiếu; trường này bắt buộc, ví dụ: title: Ngày hội toàn dân bảo vệ ANTQ "
        "ở Ninh Kiều"]),
    "unknown field": (article("catgory: Tin\n"), [
        f"{F}:5 catgory: không phải là một trường của bài (tên trường viết như trong articles/_mau.md); có phải "
        "ý bạn là `category`?"]),
    "field twice": (article("title: Lần hai\n"), [
        f"{F}:5 tiêu đề (title): được ghi hai lần; giữ lại một (lần thứ hai sẽ âm thầm thay lần thứ nhất)"]),
    "count in words": (article(AWARD + "    count: chín\n"), [
        f'{F}:9 khen thưởng thứ 1 › số lượng (awards[0].count): "chín" không phải là số nguyên (ví dụ: 9)']),
    "second award's count": (article(AWARD + "    count: 2\n" + AWARD[8:] + "    count: 0\n"), [
        f"{F}:13 khen thưởng thứ 2 › số lượng (awards[1].count): 0 phải từ 1 trở lên"]),
    "decimal for a whole figure": (article("stats:\n  - metric: Khu dân cư văn hóa\n    value: 2.863\n"), [
        f"{F}:7 số liệu thứ 1 › giá trị (stats[0].value): 2.863 được đọc là số thập phân; chỉ tiêu \"Khu dân cư "
        'văn hóa" đếm đơn vị nguyên, hãy viết 2863 (hoặc "2.863" trong ngoặc kép)']),
    "issuer ranked by shared words": (article(AWARD.replace("Bộ Công an", "Chủ tịch UBND tỉnh") + "    count: 1\n"), [
        f'{F}:7 khen thưởng thứ 1 › cấp khen (awards[0].issuer): "Chủ tịch UBND tỉnh" không có trong danh sách '
        'cấp khen (content/vocab/issuers.yml); gần nhất: "UBND tỉnh", "Chủ tịch UBND quận", '
        '"Chủ tịch UBND huyện". Nếu đúng là giá trị mới, nhờ biên tập viên thêm vào danh mục']),
    "recipient type": (article(AWARD.replace("tập thể", "tập thê") + "    count: 1\n"), [
        f'{F}:8 khen thưởng thứ 1 › đối tượng (awards[0].recipient_type): "tập thê" phải là "tập thể" hoặc '
        '"cá nhân", ví dụ: recipient_type: tập thể']),
    "comma inside brackets of a flow list": (article(
        AWARD.replace("tập thể", "cá nhân") + "    recipients: [Nguyễn Văn Tư (ấp 3, xã Tân Hương), Lê Thị Bình]\n"), [
        f"{F}:9 khen thưởng thứ 1 › người nhận (awards[0].recipients): được viết trong ngoặc vuông [ ], nên dấu "
        'phẩy bên trong ngoặc tròn đã cắt một mục làm hai ("Nguyễn Văn Tư (ấp 3" và "xã Tân Hương)"). Hãy viết '
        "mỗi mục một dòng bắt đầu bằng '- '; với người nhận, phần đơn vị, địa chỉ ghi ở unit:, ví dụ:\n"
        "    recipients:\n      - name: Nguyễn Văn Tư\n        unit: ấp 3, xã Tân Hương"]),
    "placeholder official": (article("officials:\n  - name: Nguyễn Văn A\n"), [
        f'{F}:6 đại biểu thứ 1 › tên (officials[0].name): "Nguyễn Văn A" là giá trị mẫu của articles/_mau.md, '
        "chưa được thay bằng thông tin thật; hãy sửa hoặc xoá dòng này (bài đang soạn thì thêm draft: true)"]),
    "name without letters": (article("officials:\n  - name: '???'\n"), [
        f'{F}:6 đại biểu thứ 1 › tên (officials[0].name): "???" không có chữ cái nào, nên không phải là một tên; '
        "viết tên người hoặc đơn vị, ví dụ: Nguyễn Văn An"]),
    "byline without letters": (article("authors: [Mai Hà, '...']\n"), [
        f'{F}:5 tác giả (authors): "..." có một tên không có chữ cái nào; viết tên người viết bài, ví dụ: '
        "authors: [Mai Hà]"]),
    "title too long": (article().replace("title: Bài thử", "title: " + "Tin " * 70), [
        f'{F}:2 tiêu đề (title): "{("Tin " * 70).strip()[:77]}…" dài 279 ký tự, quá giới hạn 250 ký tự; hãy viết '
        "ngắn lại"]),
    "tag too long": (article("tags: [" + "x" * 101 + "]\n"), [
        f'{F}:5 thẻ thứ 1 (tags[0]): "{"x" * 77}…" dài 101 ký tự, quá giới hạn 100 ký tự; hãy viết ngắn lại']),
    "former province after the merger": (article("event:\n  province: Quảng Nam\n").replace("2022", "2025"), [
        f'{F}:6 sự kiện › tỉnh/thành (event.province): "Quảng Nam" không còn từ ngày 01/07/2025 (đã sáp nhập '
        "vào Đà Nẵng); bài viết của ngày này hãy ghi: province: Đà Nẵng"]),
    "percent against value and total": (article(
        'stats:\n  - metric: Khu dân cư văn hóa\n    value: 2863\n    total: 3462\n    percent: "85,2"\n'), [
        f"{F}:9 số liệu thứ 1 › tỉ lệ % (stats[0].percent): 85,2 không khớp với giá trị/tổng số: 2.863/3.462 là "
        "82,7%; sửa lại tỉ lệ, giá trị hoặc tổng số"]),
    "photo outside photos/": (article("photos:\n  - file: ../../etc/passwd\n"), [
        f'{F}:6 ảnh thứ 1 › tệp ảnh (photos[0].file): "../../etc/passwd" phải là đường dẫn trong thư mục '
        "photos/, ví dụ: file: 2022/ngay-hoi.jpg (không có ổ đĩa C:, không bắt đầu bằng /, không có ..)"]),
    "script in the body": (article(body="Đoạn.\n\n<script>alert(1)</script>"), [
        f'{F}:8 (nội dung bài): "<script>" là mã HTML có thể chạy chương trình hoặc đổi trang (thẻ <script>), '
        "không được dùng trong bài; xoá nó. Bài viết chỉ gồm chữ, tiêu đề phụ (## ), danh sách, bảng và liên kết "
        "[chữ](https://…); ảnh ghi ở trường photos:"]),
    "event handler attribute": (article(body='<img src="a.jpg" onerror="alert(1)">'), [
        f'{F}:6 (nội dung bài): "onerror=" là thuộc tính HTML chạy chương trình khi người đọc bấm hay di chuột; '
        "xoá nó (bài viết không cần mã HTML)",
        f'{F}:6 (nội dung bài): "a.jpg" là ảnh chèn vào nội dung bài; ảnh không đặt trong bài mà để tệp trong '
        "thư mục photos/ và ghi ở trường photos: (xem articles/_mau.md)"]),
    "link to a file of the project": (article(body="Đoạn.\n\nXem [kết quả](ket-qua.md) và [mục dưới](#ket-qua)."), [
        f'{F}:8 (nội dung bài): "ket-qua.md" không dẫn tới trang nào (trong bài, liên kết chỉ dẫn tới trang web '
        "với địa chỉ đầy đủ bắt đầu bằng https://, tới thư điện tử mailto: hoặc tới một tiêu đề phụ của bài #…); "
        "ví dụ [Cổng thông tin](https://bocongan.gov.vn)"]),
    "link from the site's root, as a reference": (article(body="Xem [khen thưởng][kt].\n\n[kt]: /khen-thuong/"), [
        f'{F}:8 (nội dung bài): "/khen-thuong/" là địa chỉ bắt đầu bằng /, hỏng khi trang tin được đặt trong một '
        "thư mục của máy chủ; liên kết cần địa chỉ đầy đủ bắt đầu bằng https://, ví dụ "
        "[Cổng thông tin](https://bocongan.gov.vn)"]),
    "web address without https": (article(body='Theo <a href="www.bocongan.gov.vn">Bộ</a> và '
                                                "[thư](mailto:toasoan@cantho.gov.vn), [gọi](tel:0292)."), [
        f'{F}:6 (nội dung bài): "www.bocongan.gov.vn" thiếu https:// ở đầu nên trình duyệt không mở được; '
        "viết https://www.bocongan.gov.vn"]),
    "javascript: link": (article(body="Xem [ở đây](javascript:alert(1))."), [
        f'{F}:6 (nội dung bài): "javascript:" là liên kết kiểu javascript: có thể chạy chương trình hoặc giấu '
        "nội dung; liên kết chỉ được dẫn tới trang web, ví dụ [Cổng thông tin](https://bocongan.gov.vn)"]),
    "data: link": (article(body="Một đoạn.\n[tải](data:text/html;base64,PHNjcmlwdD4=)"), [
        f'{F}:7 (nội dung bài): "data:" là liên kết kiểu data: có thể chạy chương trình hoặc giấu nội dung; '
        "liên kết chỉ được dẫn tới trang web, ví dụ [Cổng thông tin](https://bocongan.gov.vn)"]),
    "em space after a colon": (article("source:\u2003Báo Cần Thơ\n"), [
        f'{F}:5 {FM}: "source:⟨U+2003⟩Báo Cần Thơ" có dấu cách đặc biệt (U+2003) (thường do chép từ Word hoặc '
        'trang web) ở đầu dòng hoặc sau dấu ":" hay "-"; máy không coi đó là dấu cách nên tên trường không được '
        "nhận ra. Xoá khoảng trắng đó và gõ lại bằng phím cách"]),
    "iframe and style": (article(body='<iframe src="https://x.vn"></iframe>\n<style>p{}</style>'), [
        f'{F}:6 (nội dung bài): "<iframe>" là mã HTML có thể chạy chương trình hoặc đổi trang (thẻ <iframe>), '
        "không được dùng trong bài; xoá nó. Bài viết chỉ gồm chữ, tiêu đề phụ (## ), danh sách, bảng và liên kết "
        "[chữ](https://…); ảnh ghi ở trường photos:",
        f'{F}:7 (nội dung bài): "<style>" là mã HTML có thể chạy chương trình hoặc đổi trang (thẻ <style>), '
        "không được dùng trong bài; xoá nó. Bài viết chỉ gồm chữ, tiêu đề phụ (## ), danh sách, bảng và liên kết "
        "[chữ](https://…); ảnh ghi ở trường photos:"]),
    "vbscript: link": (article(body='<a href="VBScript:msgbox(1)">x</a>'), [
        f'{F}:6 (nội dung bài): "vbscript:" là liên kết kiểu vbscript: có thể chạy chương trình hoặc giấu '
        "nội dung; liên kết chỉ được dẫn tới trang web, ví dụ [Cổng thông tin](https://bocongan.gov.vn)"]),
    "too deeply nested": (article().replace("title: Bài thử", "title: " + "[" * 50), [
        f"{F}:2 {FM}: có dấu ngoặc [ {{ lồng nhau quá sâu (hơn 12 tầng); kiểm tra các dấu ngoặc"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_kind_of_problem(name):
    text, expected = CASES[name]
    assert messages(text) == expected


def test_not_utf8_names_the_line_and_the_fix():
    data = "---\ntitle: Tin\ndate: 18/08/2022\ncategory: Tin hoạt động\nsource: Báo\n".encode() + b"C\xe2n Th\xf5"
    _, problems = parse_article(data + b"\n---\nx\n", F, VOCAB)
    assert [str(p) for p in problems] == [
        f"{F}:6 (tệp): không phải văn bản UTF-8 (có lẽ được lưu theo Windows-1258 hay ANSI); mở tệp và lưu lại "
        "với bảng mã UTF-8 (Notepad: File > Save as > Encoding: UTF-8)"]


def test_a_draft_may_keep_the_template_placeholders():
    article_, problems = parse_article(article("draft: true\nofficials:\n  - name: Nguyễn Văn A\n").encode(), F, VOCAB)
    assert problems == [] and article_.officials[0].name == "Nguyễn Văn A"


def test_aliases_real_reports_use_are_known_in_the_live_vocabulary():
    live = Vocabularies.load(Path(__file__).parent.parent / "content/vocab")
    for written, name in [("Chủ tịch UBND tỉnh", "UBND tỉnh"), ("Chủ tịch UBND thành phố", "UBND thành phố"),
                          ("Bộ trưởng Bộ Công an", "Bộ Công an"),
                          ("Giám đốc Công an TP", "Giám đốc Công an thành phố")]:
        assert live.issuers.lookup(written).name == name
    assert live.metrics.lookup("phạm pháp hình sự").name == "Tội phạm về trật tự xã hội"


def test_a_figure_without_area_takes_the_event_place_then_province():
    text = article("event:\n  place: quận Ninh Kiều\n  province: Cần Thơ\nstats:\n"
                   "  - metric: Khu dân cư văn hóa\n    value: 5\n  - metric: Khu dân cư văn hóa\n    value: 6\n"
                   "    area: Hà Nội\n")
    found, problems = parse_article(text.encode(), F, VOCAB)
    assert problems == []
    assert [(s.area, s.area_from_event) for s in found.stats] == [("quận Ninh Kiều", True), ("Hà Nội", False)]
    found, _ = parse_article(text.replace("  place: quận Ninh Kiều\n", "").encode(), F, VOCAB)
    assert found.stats[0].area == "Cần Thơ"


def test_a_broken_article_knows_its_url_for_the_preview():
    _, problems = parse_article(article("pin: có lẽ\n").encode(), F, VOCAB)
    assert [p.url for p in problems] == ["/bai-viet/2022/bai-thu/"]


def test_a_chart_never_joins_figures_of_different_places_into_one_series():
    from bantin import stats

    def read(title: str, province: str, value: int):
        text = article(f"event:\n  province: {province}\nstats:\n  - metric: Khu dân cư văn hóa\n    value: {value}\n")
        found, problems = parse_article(text.replace("Bài thử", title).encode(), F, VOCAB)
        assert problems == []
        return found

    articles = [read("Cần Thơ tổng kết", "Cần Thơ", 10), read("Đà Nẵng tổng kết", "Đà Nẵng", 20)]
    (metric,) = stats.by_metric(articles, VOCAB)
    series = metric.series()
    assert [(s.area, [p.figure.stat.value for p in s.points]) for s in series] == [("Cần Thơ", [10]), ("Đà Nẵng", [20])]


def test_the_template_reads_as_a_draft_and_its_placeholders_are_refused_otherwise():
    template = (Path(__file__).parent.parent / "articles/_mau.md").read_text(encoding="utf-8")
    live = Vocabularies.load(Path(__file__).parent.parent / "content/vocab")
    draft, problems = parse_article(template.replace("\ntitle:", "\ndraft: true\ntitle:", 1).encode(), F, live)
    assert problems == [] and draft.draft
    assert [a.recipients[0].unit for a in draft.awards if a.recipients] == ["Công an phường An Hòa"]
    _, problems = parse_article(template.encode(), F, live)
    refused = {p.field for p in problems}
    assert all("giá trị mẫu" in p.message for p in problems)
    assert {"title", "officials[0].name", "awards[1].recipients[0].name", "photos[0].file"} <= refused


def test_a_photo_is_suggested_only_when_its_name_resembles(tmp_path):
    from bantin.photos import on_disk

    for name in ("2022/ngay-hoi-ninh-kieu.jpg", "2021/le-trao-thuong.jpg"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    check = on_disk(tmp_path)
    assert check("2022/ngay-hoi-ninh-kieu.jpeg").endswith('có phải là "2022/ngay-hoi-ninh-kieu.jpg"?')
    unrelated = check("2022/hoi-nghi-tong-ket.jpg")
    assert "có phải là" not in unrelated and "chép ảnh vào thư mục photos/" in unrelated


def test_an_unusable_vocabulary_is_named_in_vietnamese(tmp_path, capsys):
    import shutil

    from bantin.check import main

    shutil.copytree(Path(__file__).parent / "fixtures/vocab-small", tmp_path / "vocab")
    (tmp_path / "vocab/issuers.yml").write_text("- name: [a\n", encoding="utf-8")
    assert main(["--root", str(tmp_path), "--vocab", str(tmp_path / "vocab")]) == 2
    err = capsys.readouterr().err
    assert "Lỗi danh mục:" in err and "issuers.yml: không đọc được (sai cú pháp YAML ở dòng 2)" in err


def test_problems_of_a_file_come_in_line_order():
    # The checks run field by field (figures, then lists written in [..], then template
    # placeholders); the writer reads the file top to bottom.
    text = article("officials:\n  - name: Nguyễn Văn A\n" + AWARD
                   + "    recipients: [Nguyễn Văn Tư (ấp 3, xã Tân Hương)]\n"
                   + "stats:\n  - metric: Khu dân cư văn hóa\n    value: 2.863\n")
    _, problems = parse_article(text.encode(), F, VOCAB)
    assert [p.line for p in problems] == [6, 11, 14]


def test_curly_quotes_the_example_is_the_writers_line_mended_or_a_generic_one():
    (message,) = messages(article("  source: “Báo: số 3”   # nguồn\n".lstrip()))
    assert message.endswith('ví dụ: source: "Báo: số 3"')
    # Closing quotes inside a [..] list are not mended: the example stays a generic one.
    first = messages(article("tags: [“Cần Thơ”, “An ninh”]\n"))[0]
    assert first.endswith('Gõ lại bằng dấu " thẳng, ví dụ: title: "Hội nghị: tổng kết"')
