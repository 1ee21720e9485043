"""Sphinx extension: staleness and expected-error guards for the build (issue 6). Placeholder."""


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
