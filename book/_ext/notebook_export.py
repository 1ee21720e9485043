"""Sphinx extension: per-page executed .ipynb downloads (issue 5). Placeholder."""


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
