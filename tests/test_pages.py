"""The pages' sources follow CONTRIBUTING's conventions (no build needed)."""

from helpers import core_words, page_problems


def test_every_page_follows_the_conventions():
    assert page_problems() == []


def test_the_core_path_reads_in_a_class():
    assert core_words() <= 6000
