"""Vietnamese text: identity keys, slugs and alphabetical order."""

import unicodedata

from bantin.names import ascii_fold, name_key, person_sort_key, slugify, sort_key


def test_same_name_in_nfd_and_old_tone_placement():
    nfd = unicodedata.normalize("NFD", "Phạm Thị Thanh Thuỷ")
    assert name_key(nfd) == name_key("Phạm Thị Thanh Thủy")
    assert name_key("hoà") == name_key("hòa")
    assert name_key("Uỷ ban") == name_key("Ủy ban")


def test_different_tones_are_different_names():
    assert name_key("Hà") != name_key("Hạ")
    assert name_key("Ngọc") != name_key("Ngóc")


def test_slug_folds_vietnamese_letters():
    assert slugify("Ngày hội toàn dân bảo vệ ANTQ ở Đà Nẵng") == "ngay-hoi-toan-dan-bao-ve-antq-o-da-nang"
    assert slugify("Đội Ð") == "doi-d"  # Word's eth (Ð) too
    assert slugify("!!!") == "bai-viet"


def test_ascii_fold_for_search():
    assert ascii_fold("Đơn vị") == "don vi"


def test_vietnamese_alphabetical_order():
    words = ["Uy", "Ư", "Đức", "Dũng", "Ân", "Ăn", "An", "Bình"]
    assert sorted(words, key=sort_key) == ["An", "Ăn", "Ân", "Bình", "Dũng", "Đức", "Uy", "Ư"]
    tones = ["ạ", "á", "ã", "ả", "à", "a"]
    assert sorted(tones, key=sort_key) == ["a", "à", "ả", "ã", "á", "ạ"]


def test_people_sort_by_given_name_then_family():
    names = ["Trần Thị Bình", "Nguyễn Văn An", "Phạm Đức", "Lê Văn An", "Lê Dũng"]
    assert sorted(names, key=person_sort_key) == [
        "Lê Văn An", "Nguyễn Văn An", "Trần Thị Bình", "Lê Dũng", "Phạm Đức"]
