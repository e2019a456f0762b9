"""The support bot's limits (domain/bot.py, manual 004): messages of at most 255 characters,
at most 5 files."""
import pytest

from kit.errors import InputRuleBroken
from services.support.domain import bot


def test_messages_are_collected_up_to_255_characters():
    data = bot.add_text({}, "  Котел снова в ошибке  ")
    data = bot.add_text(data, "х" * 255)
    assert data["texts"][0] == "Котел снова в ошибке" and len(data["texts"]) == 2
    with pytest.raises(InputRuleBroken) as refused:
        bot.add_text(data, "х" * 256)
    assert refused.value.code == "bot_text_too_long"
    with pytest.raises(InputRuleBroken):
        bot.add_text(data, "   ")


def test_at_most_five_files_and_something_to_send():
    data = {}
    assert not bot.has_content(data)
    for i in range(5):
        data = bot.add_file(data, "f{}".format(i))
    assert bot.has_content(data)
    with pytest.raises(InputRuleBroken) as refused:
        bot.add_file(data, "f5")
    assert refused.value.code == "bot_too_many_files"
