"""A synthetic bulletin corpus for the benchmark: N articles in the content contract's
format, and the same bodies as a plain MkDocs site and as a Material blog.

Deterministic: the same (n, seed, photo count, photo size) writes the same bytes.
Vocabulary values (categories, provinces, award types, issuers, metrics, event types,
roles) are read from the project's own `content/vocab/`, so the corpus stays valid
as editors change them.

Usage (normally through scripts/bench.py):
    python scripts/corpus.py OUT --n 200 [--photos 500] [--photo-size 3000x2000] [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MERGER = dt.date(2025, 7, 1)
FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2026, 6, 30)

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lương", "Trịnh", "Mai", "Tạ", "Cao"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Trọng", "Anh", "Ngọc", "Tiến"]
MIDDLE_F = ["Thị", "Ngọc", "Thanh", "Thu", "Hồng", "Kim", "Phương", "Minh", "Bích", "Mỹ"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Huy", "Khánh", "Long", "Nam", "Phong", "Quân",
           "Sơn", "Tâm", "Thắng", "Tuấn", "Việt", "Vinh", "Hòa", "Toàn", "Trung", "Đạt", "Lâm", "Hiếu"]
GIVEN_F = ["Hà", "Hương", "Lan", "Mai", "Thảo", "Thủy", "Trang", "Yến", "Linh", "Ngân", "Nhung", "Oanh",
           "Phượng", "Quyên", "Hạnh", "Huyền", "Loan", "Vân", "Hòa", "Xuân", "Thúy"]
# Old tone placement, as many writers still type it: the same person must fold to one entry.
OLD_TONES = {"Thủy": "Thuỷ", "Hòa": "Hoà", "Thúy": "Thuý"}
RANKS = ["Thiếu úy", "Trung úy", "Thượng úy", "Đại úy", "Thiếu tá", "Trung tá", "Thượng tá", "Đại tá"]
GENERAL_RANKS = ["Đại tá", "Thiếu tướng", "Trung tướng", "Thượng tướng"]
POSITIONS = ["Thứ trưởng Bộ Công an", "Giám đốc Công an tỉnh", "Phó Giám đốc Công an tỉnh",
             "Cục trưởng Cục Xây dựng phong trào bảo vệ ANTQ", "Trưởng Công an huyện",
             "Trưởng Công an thị xã", "Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh",
             "Bí thư Tỉnh ủy", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "Trưởng Công an xã"]
CIVIL_POSITIONS = {"Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh", "Bí thư Tỉnh ủy",
                   "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"}
UNITS = ["Công an xã {p}", "Công an phường {p}", "Đội Cảnh sát hình sự", "Phòng Tham mưu",
         "Tổ bảo vệ ANTT cơ sở", "Đội Cảnh sát giao thông", "Công an huyện {p}", "Ban bảo vệ dân phố"]
PLACES = ["xã Tân Phú", "phường An Hòa", "thị trấn Phú Lộc", "huyện Điện Bàn", "quận Ninh Kiều",
          "xã Hòa Tiến", "phường Bến Nghé", "thị xã Sơn Tây", "xã Đông Hưng", "phường Vĩnh Trung"]
TAGS = ["Ngày hội toàn dân bảo vệ ANTQ", "Hội nghị tổng kết", "Nông thôn mới", "Camera an ninh",
        "Tổ tự quản", "Phòng chống ma túy", "An toàn giao thông", "Khu dân cư văn hóa", "Thi đua",
        "Công an xã chính quy", "Mô hình tự quản", "Phòng cháy chữa cháy", "Tuổi trẻ", "Học sinh",
        "Doanh nghiệp", "Dân tộc thiểu số", "Tôn giáo", "Biên giới", "Chuyển đổi số", "Đề án 06",
        "Tố giác tội phạm", "Hương ước", "Hòa giải ở cơ sở", "Vùng đồng bào", "Phụ nữ", "Cựu chiến binh",
        "Người cao tuổi", "Nhà trường an toàn", "Tín dụng đen", "Lừa đảo qua mạng", "Bạo lực gia đình",
        "Đô thị văn minh", "Khu công nghiệp", "Làng nghề", "Đảo", "Ngư dân", "Chợ an toàn",
        "Kiểu mẫu", "Điển hình tiên tiến", "Trao thưởng"]
MODELS = ["Camera phòng chống tội phạm", "Tổ liên gia tự quản", "Dòng họ an toàn", "Chợ an toàn về ANTT",
          "Tiếng kẻng an ninh", "Zalo an ninh trật tự", "Ngư dân tự quản trên biển", "Xứ đạo bình yên",
          "Công an phường điển hình, kiểu mẫu về ANTT và văn minh đô thị", "Cổng trường an toàn"]
FOR = ["thành tích xuất sắc trong phong trào toàn dân bảo vệ ANTQ năm {y}",
       "thành tích tiêu biểu trong tổ chức Ngày hội toàn dân bảo vệ ANTQ năm {y}",
       "có nhiều đóng góp trong xây dựng, nhân rộng mô hình tự quản về ANTT",
       "thành tích trong đấu tranh phòng, chống tội phạm và tệ nạn xã hội năm {y}"]
OPENINGS = [
    "Ngày {d}, {org} tổ chức {ev} nhằm đánh giá kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc "
    "trên địa bàn {prov}.",
    "Sáng {d}, tại {place}, {org} long trọng tổ chức {ev} với sự tham dự của đông đảo cán bộ và nhân dân.",
    "Chiều {d}, {org} phối hợp với các ban, ngành, đoàn thể tổ chức {ev} tại {place} ({prov}).",
]
SENTENCES = [
    "Trong năm qua, lực lượng Công an đã chủ động tham mưu cấp ủy, chính quyền ban hành nhiều văn bản "
    "chỉ đạo, hướng dẫn triển khai phong trào sát với tình hình thực tế của địa phương.",
    "Các tổ tự quản, tổ liên gia an toàn được củng cố, kiện toàn, hoạt động ngày càng hiệu quả, góp "
    "phần giữ vững an ninh chính trị, trật tự an toàn xã hội ở cơ sở.",
    "Nhân dân đã cung cấp {n} nguồn tin có giá trị giúp lực lượng chức năng phát hiện, xử lý kịp thời "
    "nhiều vụ việc phức tạp.",
    "Toàn tỉnh hiện có {n} mô hình tự quản về an ninh, trật tự được duy trì thường xuyên, trong đó nhiều "
    "mô hình được đánh giá cao và nhân rộng.",
    "Công tác tuyên truyền được đổi mới cả về nội dung và hình thức, chú trọng ứng dụng mạng xã hội để "
    "đưa thông tin đến từng hộ gia đình.",
    "Phát biểu tại buổi lễ, {who} ghi nhận, biểu dương những kết quả mà các tập thể, cá nhân đã đạt được "
    "và đề nghị tiếp tục phát huy vai trò nòng cốt trong thời gian tới.",
    "Số vụ phạm tội về trật tự xã hội giảm {pct}% so với cùng kỳ, không để xảy ra điểm nóng về an ninh, "
    "trật tự trên địa bàn.",
    "Hội nghị đã nghe các tham luận, chia sẻ kinh nghiệm của {n} điển hình tiên tiến trong xây dựng phong "
    "trào ở cơ sở.",
    "Bên cạnh kết quả đạt được, phong trào ở một số nơi còn mang tính hình thức, việc sơ kết, tổng kết "
    "chưa kịp thời; sự phối hợp giữa các lực lượng có lúc chưa chặt chẽ.",
    "Thời gian tới, các đơn vị tiếp tục đẩy mạnh chuyển đổi số, triển khai Đề án 06 gắn với xây dựng "
    "Công an xã, thị trấn chính quy, vững mạnh toàn diện.",
    "Nhiều gia đình tự nguyện hiến đất, đóng góp ngày công lắp đặt {n} camera an ninh tại các tuyến "
    "đường liên thôn, góp phần phòng ngừa tội phạm từ sớm, từ xa.",
    "Đoàn viên thanh niên tham gia tuần tra, bảo đảm trật tự an toàn giao thông vào các dịp lễ, Tết, "
    "được người dân đồng tình hưởng ứng.",
    "Ban Chỉ đạo đề nghị các địa phương rà soát, nhân rộng các mô hình hiệu quả, đồng thời kịp thời khen "
    "thưởng các tập thể, cá nhân có thành tích xuất sắc.",
    "Dịp này, {n} tập thể và cá nhân đã được khen thưởng vì có thành tích xuất sắc trong phong trào.",
]
HEADINGS = ["Kết quả nổi bật", "Nhiều mô hình hiệu quả", "Những tồn tại, hạn chế", "Phương hướng thời gian tới",
            "Phát huy sức mạnh toàn dân", "Chỉ đạo của lãnh đạo", "Khen thưởng tập thể, cá nhân"]
EVENT_WORDS = {"hội nghị": "Hội nghị tổng kết phong trào toàn dân bảo vệ ANTQ",
               "ngày hội": "Ngày hội toàn dân bảo vệ an ninh Tổ quốc",
               "lễ phát động": "Lễ phát động phong trào toàn dân bảo vệ ANTQ",
               "lễ trao thưởng": "Lễ trao thưởng các tập thể, cá nhân điển hình",
               "hội thi": "Hội thi tổ tự quản giỏi",
               "tọa đàm": "Tọa đàm nâng cao hiệu quả phong trào"}
TITLE_FORMS = ["{ev} năm {y} tại {prov}", "{prov}: {ev_l} năm {y}", "{org} tổ chức {ev_l} năm {y}",
               "Sôi nổi {ev_l} ở {place}, {prov}", "{prov} khen thưởng {n} điển hình trong phong trào năm {y}"]


@dataclass
class Vocab:
    categories: list[str]
    event_types: list[str]
    award_types: list[str]
    issuers: list[str]
    metrics: list[str]
    roles: list[str]
    current: list[str]          # provinces valid at any date
    former: list[str]           # provinces valid only before the 2025 merger

    @classmethod
    def load(cls, folder: Path) -> "Vocab":
        def names(file: str, key: str = "name") -> list[str]:
            return [str(item[key]) for item in yaml.safe_load((folder / file).read_text(encoding="utf-8"))]
        provinces = yaml.safe_load((folder / "provinces.yml").read_text(encoding="utf-8"))
        return cls(categories=names("categories.yml"), event_types=names("event-types.yml"),
                   award_types=names("award-types.yml"), issuers=names("issuers.yml"),
                   metrics=names("metrics.yml", "label"), roles=names("roles.yml"),
                   current=[p["name"] for p in provinces if not p.get("until")],
                   former=[p["name"] for p in provinces if p.get("until")])


def people(rng: random.Random, count: int) -> list[str]:
    """`count` distinct Vietnamese full names."""
    found: list[str] = []
    seen = set()
    while len(found) < count:
        female = rng.random() < 0.4
        name = " ".join([rng.choice(FAMILY), rng.choice(MIDDLE_F if female else MIDDLE_M),
                         rng.choice(GIVEN_F if female else GIVEN_M)])
        if name not in seen:
            seen.add(name)
            found.append(name)
    return found


def old_tones(name: str) -> str:
    """The same name with the old tone placement (Thủy -> Thuỷ), where it differs."""
    rest, given = name.rsplit(" ", 1)
    return f"{rest} {OLD_TONES.get(given, given)}"


def _cut(slug: str, limit: int) -> str:
    try:
        from bantin.names import cut_slug
        return cut_slug(slug, limit)
    except ImportError:
        return slug[:limit].rstrip("-")


def _slug(text: str) -> str:
    try:  # the bulletin's own rule, so that duplicate URLs are seen exactly as it sees them
        from bantin.names import cut_slug, slugify
        return cut_slug(slugify(text))
    except ImportError:
        folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
        return _cut("-".join("".join(c if c.isalnum() else " " for c in folded).split()), 80)


def _body(rng: random.Random, words: int, ctx: dict) -> str:
    """Markdown paragraphs and headings of about `words` words."""
    def fill(sentence: str) -> str:
        return sentence.format(n=rng.randint(3, 900), pct=f"{rng.randint(1, 40)},{rng.randint(0, 9)}",
                               who=ctx["who"], **{k: v for k, v in ctx.items() if k != "who"})
    blocks = [fill(rng.choice(OPENINGS)) + " " + fill(rng.choice(SENTENCES))]
    count = len(blocks[0].split())
    headings = rng.sample(HEADINGS, k=len(HEADINGS))
    while count < words:
        if len(blocks) % 4 == 1 and headings:
            blocks.append("## " + headings.pop())
        if rng.random() < 0.12:
            items = [f"- {fill(s).rstrip('.')};" for s in rng.sample(SENTENCES, k=3)]
            block = "\n".join(items)
        else:
            block = " ".join(fill(s) for s in rng.sample(SENTENCES, k=rng.randint(2, 4)))
        blocks.append(block)
        count += len(block.split())
    return "\n\n".join(blocks) + "\n"


def _province(rng: random.Random, vocab: Vocab, day: dt.date) -> str:
    if day < MERGER and rng.random() < 0.5:
        return rng.choice(vocab.former)
    return rng.choice(vocab.current)


def article(i: int, rng: random.Random, vocab: Vocab, names: list[str], photos: list[str]) -> tuple[dict, str]:
    """Front matter (as a dict, in the contract's field order) and body of article `i`."""
    span = (LAST_DAY - FIRST_DAY).days
    day = FIRST_DAY + dt.timedelta(days=rng.randint(0, span))
    year = day.year
    province = _province(rng, vocab, day)
    event_type = rng.choice(vocab.event_types)
    event_name = EVENT_WORDS.get(event_type, event_type.capitalize())
    place = rng.choice(PLACES)
    org = f"Công an tỉnh {province}"
    officials = []
    for _ in range(rng.randint(1, 4)):
        position = rng.choice(POSITIONS)
        official = {"name": rng.choice(names)}
        if position not in CIVIL_POSITIONS:
            official["rank"] = rng.choice(GENERAL_RANKS if "Bộ" in position or "Cục" in position else RANKS)
        official["position"] = position
        official["role"] = ", ".join(rng.sample(vocab.roles, k=rng.randint(1, 2)))
        officials.append(official)
    ctx = {"d": f"{day:%d/%m/%Y}", "org": org, "ev": event_name.lower(), "ev_l": event_name.lower(),
           "prov": province, "place": place, "y": year, "who": officials[0]["name"]}
    title = rng.choice(TITLE_FORMS).format(ev=event_name, n=rng.randint(5, 90), **{k: v for k, v in ctx.items()
                                                                                  if k not in ("ev",)})
    title = title[0].upper() + title[1:]
    at = f"{rng.randint(6, 21):02d}:{rng.choice(['00', '15', '30', '45'])}"
    fm: dict = {"title": title, "date": f"{day:%d/%m/%Y} {at}",
                "category": rng.choice(vocab.categories),
                "authors": rng.sample(names, k=rng.randint(1, 2)),
                "tags": rng.sample(TAGS, k=rng.randint(1, 4))}
    if rng.random() < 0.3:
        fm["source"] = rng.choice(["Báo Công an nhân dân", "Cổng thông tin điện tử Bộ Công an",
                                   f"Báo {province}", "Cục Xây dựng phong trào bảo vệ ANTQ"])
    if rng.random() < 0.01:
        fm["pin"] = True
    fm["event"] = {"type": event_type, "name": f"{event_name} năm {year}", "date": f"{day:%d/%m/%Y}",
                   "place": place, "province": province, "online": rng.random() < 0.15}
    fm["officials"] = officials
    if rng.random() < 0.6:
        awards = []
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(["tập thể", "cá nhân"])
            award: dict = {"award": rng.choice(vocab.award_types), "issuer": rng.choice(vocab.issuers),
                           "recipient_type": kind}
            if rng.random() < 0.6:
                listed = []
                for name in rng.sample(names, k=rng.randint(1, 6)) if kind == "cá nhân" else \
                        [u.format(p=place.split(" ", 1)[1]) for u in rng.sample(UNITS, k=rng.randint(1, 3))]:
                    if kind == "cá nhân" and rng.random() < 0.3:
                        listed.append({"name": old_tones(name), "rank": rng.choice(RANKS),
                                       "unit": f"Công an {place}"})
                    else:
                        listed.append(name)
                award["count"] = len(listed) + rng.choice([0, 0, rng.randint(1, 20)])
                award["recipients"] = listed
            else:
                award["count"] = rng.randint(1, 60)
            if rng.random() < 0.7:
                award["for"] = rng.choice(FOR).format(y=year - rng.randint(0, 1))
            awards.append(award)
        fm["awards"] = awards
    if rng.random() < 0.5:
        stats = []
        for metric in rng.sample(vocab.metrics, k=rng.randint(1, 3)):
            total = rng.randint(50, 40000)
            value = rng.randint(1, total)
            stat: dict = {"metric": metric}
            form = rng.random()
            if form < 0.15:
                stat["change"] = round(rng.uniform(-40, 40), 1)
            else:
                stat["value"] = value
                if form < 0.8:
                    stat["total"] = total
                    if form < 0.5:
                        stat["percent"] = round(value / total * 100, 2)
            if rng.random() < 0.3:
                stat["area"] = province
            stats.append(stat)
        fm["stats"] = stats
    if rng.random() < 0.3:
        fm["models"] = rng.sample(MODELS, k=rng.randint(1, 2))
    if photos:
        fm["photos"] = [{"file": f, "caption": f"Quang cảnh {event_name.lower()} tại {place} ({province}).",
                         "credit": rng.choice(["Công an tỉnh", "Bản tin", rng.choice(names)])}
                        for f in rng.sample(photos, k=min(len(photos), rng.randint(1, 3)))]
    return fm, _body(rng, rng.randint(400, 680), ctx)  # ends 400-800 words


def dump(fm: dict, body: str) -> str:
    front = yaml.safe_dump(fm, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
    return f"---\n{front}---\n{body}"


def make_photos(folder: Path, count: int, size: tuple[int, int], seed: int) -> list[str]:
    """A pool of `count` camera-sized JPEGs under `folder` (kept between runs); their names."""
    from PIL import Image, ImageChops

    names = [f"kho/{i // 100:02d}/anh-{i:04d}.jpg" for i in range(count)]
    stamp = folder / ".complete"
    wanted = f"{count} {size[0]}x{size[1]} {seed}"
    if stamp.is_file() and stamp.read_text() == wanted:
        return names
    width, height = size
    # Sensor-like noise, made once and shifted per photo: with soft colour fields it
    # compresses like a photo (about 1 byte per pixel at quality 90), unlike flat
    # colour or pure noise.
    noise = Image.effect_noise((max(1, width // 2), max(1, height // 2)), 28).resize((width, height))
    noise = Image.merge("RGB", (noise, noise, noise))
    for i, name in enumerate(names):
        path = folder / name
        if path.is_file():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        rng = random.Random(seed * 100003 + i)
        small = Image.frombytes("RGB", (16, 11), bytes(rng.randrange(40, 220) for _ in range(16 * 11 * 3)))
        image = small.resize((width // 8 or 1, height // 8 or 1), Image.BICUBIC).resize((width, height))
        grain = ImageChops.offset(noise, rng.randrange(width), rng.randrange(height))
        Image.blend(image, grain, 0.18).save(path, "JPEG", quality=90)
    stamp.write_text(wanted)
    return names


def generate(out: Path, n: int, *, seed: int = 7, photo_pool: Path | None = None, photo_count: int = 500,
             photo_size: tuple[int, int] = (3000, 2000), plain: bool = True) -> dict:
    """Write a bulletin project at out/bulletin and (plain) the same bodies as a plain MkDocs site at
    out/plain and as posts of Material's blog plugin at out/blog.

    Args:
        out: folder to (re)write.
        n: number of articles.
        seed: makes the corpus deterministic.
        photo_pool: where the shared JPEGs live (generated once, reused); default out/photo-pool.
        photo_count: photos in the pool; articles share them, so the count stays fixed as n grows.
        photo_size: width and height of each photo.
        plain: also write the plain MkDocs site and the blog.

    Returns:
        A summary: articles, photos, words, awards, stats, and `sample`, the newest
        article (path in the project, URL, URL of its year's list).
    """
    bulletin = out / "bulletin"
    shutil.rmtree(out / "bulletin" / "articles", ignore_errors=True)
    shutil.rmtree(out / "plain", ignore_errors=True)
    shutil.rmtree(out / "blog", ignore_errors=True)
    bulletin.mkdir(parents=True, exist_ok=True)
    # The project's own configuration and content (vocabularies, static pages).
    shutil.copy2(ROOT / "mkdocs.yml", bulletin / "mkdocs.yml")
    for folder in ("content", "overrides", "hooks"):
        if (ROOT / folder).is_dir():
            shutil.rmtree(bulletin / folder, ignore_errors=True)
            shutil.copytree(ROOT / folder, bulletin / folder)
    vocab = Vocab.load(ROOT / "content" / "vocab")

    photos: list[str] = []
    link = bulletin / "photos"
    if link.is_symlink() or link.is_file():
        link.unlink()
    elif link.is_dir():
        shutil.rmtree(link)
    if photo_count:
        pool = (photo_pool or out / "photo-pool").resolve()
        pool.mkdir(parents=True, exist_ok=True)
        photos = make_photos(pool, photo_count, photo_size, seed)
        link.symlink_to(pool, target_is_directory=True)
    else:
        link.mkdir()

    rng = random.Random(seed)
    names = people(rng, 300)
    used: set[tuple[int, str]] = set()
    summary = {"articles": n, "photos": len(photos), "words": 0, "awards": 0, "stats": 0}
    plain_docs = out / "plain" / "docs"
    blog_posts = out / "blog" / "docs" / "blog" / "posts"
    newest: tuple | None = None
    for i in range(n):
        fm, body = article(i, random.Random(seed * 1_000_003 + i), vocab, names, photos)
        year = int(fm["date"][6:10])
        slug = _slug(fm["title"])
        if (year, slug) in used:
            # A writer gives two articles the same title: the contract's answer is `slug:`.
            suffix = f"-{i}"
            slug = _cut(slug, 80 - len(suffix)) + suffix  # `slug:` is refused over 80 characters
            fm = {**{k: v for k, v in fm.items() if k != "photos"}, "slug": slug,
                  **({"photos": fm["photos"]} if "photos" in fm else {})}
        used.add((year, slug))
        path = bulletin / "articles" / str(year) / f"{slug}.md"
        moment = dt.datetime.strptime(fm["date"], "%d/%m/%Y %H:%M")
        if newest is None or (moment, slug) > newest[0]:
            newest = ((moment, slug), {"path": path.relative_to(bulletin).as_posix(),
                                       "url": f"/bai-viet/{year}/{slug}/", "year_url": f"/nam/{year}/"})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(fm, body), encoding="utf-8")
        summary["words"] += len(body.split())
        summary["awards"] += len(fm.get("awards", ()))
        summary["stats"] += len(fm.get("stats", ()))
        if plain:
            page = plain_docs / "bai-viet" / str(year) / slug / "index.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(dump({"title": fm["title"]}, body), encoding="utf-8")
            post = blog_posts / str(year) / f"{slug}.md"
            post.parent.mkdir(parents=True, exist_ok=True)
            post.write_text(blog_post(fm, slug, moment, body), encoding="utf-8")
    if plain:
        write_plain_config(out / "plain")
        write_blog_config(out / "blog")
    # The newest article: it shows on the home page and on page 1 of its year.
    summary["sample"] = newest[1] if newest else None
    return summary


def write_plain_config(folder: Path) -> None:
    """Plain MkDocs: Material, no plugins, a tiny explicit nav so pages carry no auto-nav."""
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / "docs" / "index.md").write_text("# Trang chủ\n\nBản tin (MkDocs thuần).\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: Bản tin (MkDocs thuần)\n"
        "site_url: https://bantin.example.vn/\n"
        "docs_dir: docs\n"
        "use_directory_urls: true\n"
        "theme:\n  name: material\n  language: vi\n  font: false\n"
        "plugins: []\n"
        "nav:\n  - Trang chủ: index.md\n"
        "not_in_nav: |\n  /bai-viet/\n"
        "markdown_extensions:\n  - attr_list\n  - tables\n  - toc:\n      permalink: false\n",
        encoding="utf-8")


def blog_post(fm: dict, slug: str, moment: dt.datetime, body: str) -> str:
    """The same article as a post of Material's blog plugin: date, category, title,
    lead paragraph as the excerpt (the bulletin's lists show the lead too), body."""
    lead, _, rest = body.partition("\n\n")
    front = yaml.safe_dump({"date": moment, "slug": slug, "categories": [fm["category"]]},
                           allow_unicode=True, sort_keys=False, width=1000)
    title = fm["title"].replace("\n", " ")
    return f"---\n{front}---\n\n# {title}\n\n{lead}\n\n<!-- more -->\n\n{rest}"


def write_blog_config(folder: Path) -> None:
    """The peer: what a user would pick instead of the bulletin. Material with its blog
    plugin (posts with date and category; archive, category and index pages) and its
    search plugin, on the same bodies."""
    docs = folder / "docs"
    (docs / "blog").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Trang chủ\n\nBản tin (blog của Material).\n", encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# Tin bài\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: Bản tin (blog của Material)\n"
        "site_url: https://bantin.example.vn/\n"
        "docs_dir: docs\n"
        "use_directory_urls: true\n"
        "theme:\n  name: material\n  language: vi\n  font: false\n"
        "plugins:\n  - search\n  - blog\n"
        "nav:\n  - Trang chủ: index.md\n  - Tin bài: blog/index.md\n"
        "markdown_extensions:\n  - attr_list\n  - tables\n  - toc:\n      permalink: false\n",
        encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--photos", type=int, default=500)
    parser.add_argument("--photo-size", default="3000x2000")
    parser.add_argument("--photo-pool", type=Path)
    args = parser.parse_args(argv)
    width, height = (int(x) for x in args.photo_size.lower().split("x"))
    summary = generate(args.out, args.n, seed=args.seed, photo_pool=args.photo_pool, photo_count=args.photos,
                       photo_size=(width, height))
    print(summary, file=sys.stderr)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main())
