"""Pages executed in parallel when the machine has the cores (issue 12): ``make html JOBS=N``.

myst-nb executes a page while Sphinx reads it, so Sphinx's own parallel read (``app.parallel``,
the ``-j`` of sphinx-build, which jupyter-book 1.x does not expose) runs N pages at once, each in
a worker process. The pages named in ``parallel_pages_alone`` (those that time ``fit``) are read
first, one at a time, before the workers start: they have the CPU to themselves, so their
timings do not depend on N.
"""

import gc
import os

from jupyter_cache import get_cache

# Loaded by jupyter-book without saying whether they are safe for parallel reading (Sphinx
# then reads serially). Both keep no state per page: multitoc numbering patches how the main
# process numbers the toctree after reading; jupyterbook-latex only adds LaTeX transforms.
READ_SAFE_UNDECLARED = ("sphinx_multitoc_numbering", "sphinx_jupyterbook_latex")


def set_jobs(app):
    app.parallel = max(1, int(os.environ.get("BOOK_JOBS") or 1))
    app.parallel_pages_read_alone = []
    for name in READ_SAFE_UNDECLARED:
        if app.parallel > 1 and name in app.extensions:
            app.extensions[name].parallel_read_safe = True


def before_reading(app, env, docnames):
    if app.parallel < 2:
        return
    # the execution cache's database, created here once: two workers creating it race
    get_cache(env.mystnb_config.execution_cache_path).db.dispose()
    alone = [d for d in app.config.parallel_pages_alone if d in docnames]
    for docname in alone:  # what Sphinx's serial read does for each page
        app.events.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)
        app.builder.read_doc(docname)
    docnames[:] = [d for d in docnames if d not in alone]
    app.parallel_pages_read_alone = alone
    # No connection to that database may cross the fork (myst-nb leaves some as garbage): a
    # worker that collects its copy closes the file, which drops that worker's own SQLite locks,
    # and two workers then write at once (seen: two pages cached under one record ID). A
    # connection collected returns to its pool, which the next pass collects and closes.
    for _ in range(5):
        if not gc.collect():
            break


def read_alone(app, env):
    """Pages read alone count as updated, so Sphinx writes them (``env-updated``)."""
    return app.parallel_pages_read_alone


def setup(app):
    app.add_config_value("parallel_pages_alone", [], "env")
    app.connect("builder-inited", set_jobs)
    app.connect("env-before-read-docs", before_reading, priority=600)
    app.connect("env-updated", read_alone)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
