from calls.redaction.checksums import inn_valid, luhn_valid, snils_valid


def test_luhn():
    assert luhn_valid("4276415868344978")
    assert luhn_valid("2202412248244757")
    assert not luhn_valid("4276415868344977")


def test_snils():
    assert snils_valid("11223344595")
    assert snils_valid("55422676192")
    assert not snils_valid("55422676193")
    assert not snils_valid("5542267619")
    # Issued before the check existed: no check digits to verify.
    assert snils_valid("00100100000")


def test_inn():
    assert inn_valid("7526601504")  # organisation
    assert inn_valid("500100732259")  # person
    assert not inn_valid("7526601505")
    assert not inn_valid("500100732258")
    assert not inn_valid("12345")
