"""40 participants answering every exercise at once on this machine: nothing lost or mixed up, live within 2 s."""
import pytest
from conftest import workshop_load


@pytest.mark.slow
def test_forty_participants_at_once_lose_nothing_and_reach_the_screen_within_two_seconds(tmp_path):
    result = workshop_load.run_load(n=40, pause=0.3, folder=tmp_path)
    assert result["answers"] == 40 * len(workshop_load.QUESTIONS)
    assert (result["lost"], result["mixed_up"]) == (0, 0)
    assert result["screen_p95_s"] <= 2.0, workshop_load.markdown([result])
    assert result["wall_s"] < 60
    assert result["rss_per_participant_kb"] < 2048, workshop_load.markdown([result])
