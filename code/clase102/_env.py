"""Environment settings that keep TensorFlow's output clean."""

from __future__ import annotations

import logging
import os
import warnings

# TF 2.21 needs both: the first hides the C++ logs, the second the
# "oneDNN custom operations are on..." notice.
TF_QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


def _errors_only(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.ERROR


def quiet_tensorflow() -> None:
    """Set the environment variables that silence TensorFlow's start-up logs.

    They only take effect if TensorFlow has not been imported yet, so this
    runs when ``clase102`` is imported. Values already set are kept.
    """
    for key, value in TF_QUIET_ENV.items():
        os.environ.setdefault(key, value)
    logging.getLogger("absl").setLevel(logging.ERROR)
    tf_logger = logging.getLogger("tensorflow")
    tf_logger.setLevel(logging.ERROR)
    # `import keras` sets this logger back to INFO in a kernel (then "retracing" warnings
    # show); a filter survives that. absl is left unfiltered: a page captures its notices.
    if _errors_only not in tf_logger.filters:
        tf_logger.addFilter(_errors_only)
    # protobuf/absl deprecation chatter that no reader came to see
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="tensorflow")
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="keras")
