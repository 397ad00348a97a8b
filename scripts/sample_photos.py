"""Make the illustrative photos of the sample articles (no real photos ship with the
project). Each is a plain drawing, marked "ảnh minh họa" in its caption.

Usage: python scripts/sample_photos.py
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
NAMES = [
    "2020/cuc-xay-dung-phong-trao-hoi-nghi.jpg",
    "2020/ban-chi-dao-138-trao-bang-khen.jpg",
    "2020/ban-chi-dao-138-trao-co-thi-dua.jpg",
    "2022/ninh-kieu-ngay-hoi.jpg",
    "2022/ninh-kieu-trao-ky-niem-chuong.jpg",
    "2022/mttq-hoi-nghi-phoi-hop.jpg",
    "2022/dien-ban-diem-cau.jpg",
]


def drawing(seed: str, size: tuple[int, int] = (1600, 1067)) -> Image.Image:
    digest = hashlib.sha256(seed.encode()).digest()
    image = Image.new("RGB", size, (200 + digest[0] % 40, 180 + digest[1] % 50, 150 + digest[2] % 60))
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.rectangle([0, int(h * 0.62), w, h], fill=(120, 30, 30))  # a stage
    draw.rectangle([int(w * 0.1), int(h * 0.12), int(w * 0.9), int(h * 0.45)], fill=(170, 20, 20))  # banner
    for i in range(9):  # people in the front row
        x = int(w * (0.08 + i * 0.105))
        draw.ellipse([x, int(h * 0.52), x + 70, int(h * 0.6)], fill=(60, 45, 40))
        draw.rectangle([x - 10, int(h * 0.6), x + 80, int(h * 0.85)], fill=(30 + digest[i] % 60, 60, 90))
    return image


def main() -> None:
    for name in NAMES:
        path = ROOT / "photos" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        drawing(name).save(path, "JPEG", quality=80)
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
