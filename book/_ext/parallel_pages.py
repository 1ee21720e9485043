"""Pages executed in parallel when the machine has the cores (issue 12): ``make html JOBS=N``.

myst-nb executes a page while Sphinx reads it, so Sphinx's own parallel read (``app.parallel``,
the ``-j`` of sphinx-build, which jupyter-book 1.x does not expose) runs N pages at once, each in
a worker process. Sphinx cuts the list of pages into chunks in its order; the pages named in
``parallel_pages_first`` (the longest) go first, so the longest starts at once.
"""

import os

from jupyter_cache import get_cache

# Loaded by jupyter-book without saying whether they are safe for parallel reading (Sphinx
# then reads serially). Both keep no state per page: multitoc numbering patches how the main
# process numbers the toctree after reading; jupyterbook-latex only adds LaTeX transforms.
READ_SAFE_UNDECLARED = ("sphinx_multitoc_numbering", "sphinx_jupyterbook_latex")


def set_jobs(app):
    app.parallel = max(1, int(os.environ.get("BOOK_JOBS") or 1))
    for name in READ_SAFE_UNDECLARED:
        if app.parallel > 1 and name in app.extensions:
            app.extensions[name].parallel_read_safe = True


def before_reading(app, env, docnames):
    if app.parallel < 2:
        return
    # the execution cache's database, created here once: two workers creating it race
    get_cache(env.mystnb_config.execution_cache_path).db  # noqa: B018
    first = [d for d in app.config.parallel_pages_first if d in docnames]
    docnames[:] = first + [d for d in docnames if d not in first]


def setup(app):
    app.add_config_value("parallel_pages_first", [], "env")
    app.connect("builder-inited", set_jobs)
    app.connect("env-before-read-docs", before_reading, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
