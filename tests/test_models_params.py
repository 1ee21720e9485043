import keras
import numpy as np
import pytest

from clase102 import models, params


@pytest.mark.parametrize("syntax", ["list", "add"])
def test_build_sequential_shapes_and_counts(syntax):
    m = models.build_sequential([128, 64], syntax=syntax)
    assert isinstance(m, keras.Sequential)
    assert [type(l).__name__ for l in m.layers] == ["Dense"] * 3
    assert m.output_shape == (None, 10)
    assert m.count_params() == 109_386


def test_both_syntaxes_are_the_same_architecture():
    a = models.build_sequential([32, 16], syntax="list")
    b = models.build_sequential([32, 16], syntax="add")
    assert params.same_architecture(a, b)
    c = models.build_sequential([32, 17])
    assert not params.same_architecture(a, c)
    d = models.build_sequential([32])
    table = params.compare_architectures(a, d)
    assert len(table) == 3 and not table["Iguales"].iloc[-1]


def test_functional_matches_sequential():
    s = models.build_sequential([20, 10], n_inputs=8, n_classes=3)
    f = models.build_functional([20, 10], n_inputs=8, n_classes=3)
    assert s.count_params() == f.count_params()
    f.set_weights(s.get_weights())
    x = np.random.default_rng(0).random((4, 8), dtype=np.float32)
    np.testing.assert_allclose(s.predict(x, verbose=0), f.predict(x, verbose=0), rtol=1e-6)


@pytest.mark.parametrize(
    "widths, exc, fragment",
    [
        ([], ValueError, "vacía"),
        ([64, 0], ValueError, "capa 2"),
        ([64, -3], ValueError, "positivo"),
        ([64.0], TypeError, "entero"),
        (["64"], TypeError, "entero"),
        ([True], TypeError, "entero"),
        ("64", TypeError, "lista"),
        (64, TypeError, "lista"),
    ],
)
def test_bad_widths_are_rejected_in_spanish(widths, exc, fragment):
    with pytest.raises(exc, match=fragment):
        models.build_sequential(widths)
    with pytest.raises(exc, match=fragment):
        models.build_functional(widths)


def test_bad_syntax_and_sizes():
    with pytest.raises(ValueError, match="syntax"):
        models.build_sequential([8], syntax="dict")
    with pytest.raises(ValueError, match="n_inputs"):
        models.build_sequential([8], n_inputs=0)
    with pytest.raises(TypeError, match="n_classes"):
        models.build_sequential([8], n_classes=2.5)


def test_architectures_and_their_counts():
    expected = {"tiny": 50_890, "medium": 235_146, "wide": 814_090}
    for name, count in expected.items():
        m = models.build_architecture(name)
        assert m.name == name and m.count_params() == count
        assert sum(params.mlp_params(models.architecture_widths(name))) == count
    with pytest.raises(ValueError, match="arquitectura"):
        models.build_architecture("huge")


def test_compile_classifier():
    m = models.compile_classifier(models.build_sequential([4], n_inputs=3, n_classes=2))
    assert m.loss == "sparse_categorical_crossentropy"
    m2 = models.compile_classifier(models.build_sequential([4], n_inputs=3), learning_rate=0.5)
    assert float(m2.optimizer.learning_rate.numpy()) == pytest.approx(0.5)
    with pytest.raises(TypeError, match="modelo de Keras"):
        models.compile_classifier("not a model")


def test_dense_params_formula():
    assert params.dense_params(784, 128) == 100_480
    assert params.dense_params(128, 64) == 8_256
    assert params.dense_params(64, 10) == 650
    assert params.dense_params(1, 1) == 2
    with pytest.raises(ValueError):
        params.dense_params(0, 3)
    with pytest.raises(TypeError):
        params.dense_params(3, "4")


def test_mlp_params():
    assert params.mlp_params([128, 64]) == [100_480, 8_256, 650]
    assert params.mlp_params([5, 3], n_inputs=2, n_classes=None) == [15, 18]


def test_param_table_matches_count_params_and_summary():
    m = keras.Sequential(
        [keras.Input((12,)), keras.layers.Dense(64), keras.layers.BatchNormalization(), keras.layers.Dense(3)]
    )
    table = params.param_table(m)
    assert list(table.columns) == params.COLUMNS
    assert table["Parámetros"].sum() == m.count_params()
    bn = table.iloc[1]
    assert (bn["Tipo"], bn["Parámetros"], bn["Entrenables"], bn["No entrenables"]) == (
        "BatchNormalization", 256, 128, 128)
    assert table["Forma de salida"].tolist() == [(None, 64), (None, 64), (None, 3)]
    totals = params.param_totals(m)
    assert totals == {"total": m.count_params(), "trainable": totals["total"] - 128, "non_trainable": 128}
    # the same totals summary() prints
    lines = []
    m.summary(print_fn=lambda s, **k: lines.append(s))
    text = "\n".join(lines)
    assert f"{totals['total']:,}" in text and "128" in text


def test_param_table_rejects_unbuilt_and_non_models():
    unbuilt = keras.Sequential([keras.layers.Dense(3)])
    with pytest.raises(ValueError, match="construido"):
        params.param_table(unbuilt)
    with pytest.raises(TypeError):
        params.param_totals([1, 2])


def test_input_shape_in_a_layer_warns_and_keras_input_does_not():
    """Exercise 2 (construir page): Keras 3 warns on `input_shape`; keras.Input is silent."""
    from clase102.console import capture_warnings

    def old_style():
        return keras.Sequential(
            [keras.layers.Dense(128, input_shape=(784,)), keras.layers.Dense(64), keras.layers.Dense(10)]
        )

    model, messages = capture_warnings(old_style)
    assert model.count_params() == 109_386
    assert any(m.startswith("UserWarning: Do not pass an `input_shape`") for m in messages)
    _, messages = capture_warnings(lambda: models.build_sequential([128, 64], activation=None))
    assert messages == []
