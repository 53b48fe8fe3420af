from calls.mining.words import content_words, jaccard, ngrams


def test_content_words_drop_stop_words_and_numbers() -> None:
    # «день» is a stop word («добрый день»); «не» is not: complaints are made of it.
    words = content_words("Ну вот, доставка у вас 3 дня не долгая!")
    assert words == [("доставка", "доставка"), ("не", "не"), ("долгий", "долгая")]


def test_content_words_skip_a_span() -> None:
    text = "Слишком дорого, цена кусается"
    assert [lemma for lemma, _s in content_words(text, skip=(0, 14))] == ["цена", "кусаться"]


def test_bigrams_and_trigrams_with_their_surface() -> None:
    grams = list(ngrams(content_words("курьер опять опоздал")))
    assert grams == [
        (("курьер", "опять"), "курьер опять"),
        (("опять", "опоздать"), "опять опоздал"),
        (("курьер", "опять", "опоздать"), "курьер опять опоздал"),
    ]


def test_jaccard() -> None:
    assert jaccard(["a", "b"], ["b", "c"]) == 1 / 3
    assert jaccard([], []) == 0.0
