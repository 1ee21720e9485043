import numpy as np
import pytest

from clase102 import predictions


def test_confusion_pairs_counts_only_mistakes_most_frequent_first():
    y_true = [6, 6, 6, 0, 0, 2, 1, 1]
    y_pred = [0, 0, 6, 6, 0, 4, 1, 1]
    table = predictions.confusion_pairs(y_true, y_pred, n=5)
    assert list(table.columns) == ["Clase real", "Predicha como", "Casos"]
    assert table.iloc[0].tolist() == ["Camisa", "Remera/top", 2]
    assert table["Casos"].tolist() == [2, 1, 1]  # only 3 kinds of mistake exist
    assert set(zip(table["Clase real"], table["Predicha como"])) == {
        ("Camisa", "Remera/top"), ("Remera/top", "Camisa"), ("Buzo", "Abrigo")
    }
    assert len(predictions.confusion_pairs(y_true, y_pred, n=1)) == 1


def test_confusion_pairs_all_right_and_bad_input():
    assert predictions.confusion_pairs([1, 2], [1, 2]).empty
    with pytest.raises(ValueError, match="mismo largo"):
        predictions.confusion_pairs([1, 2], [1])
    with pytest.raises(ValueError, match="fuera de"):
        predictions.confusion_pairs([1, 10], [1, 2])
    with pytest.raises(TypeError, match="enteras"):
        predictions.confusion_pairs(np.array([0.5]), [1])
    with pytest.raises(ValueError, match="«n»"):
        predictions.confusion_pairs([1], [2], n=0)
