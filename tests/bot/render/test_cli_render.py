"""`touchpoint-bot render --demo`: the sample map in one command, without Slack or a database."""

import pytest

from bot.cli import main


@pytest.mark.parametrize(
    ("name", "magic"), [("map.png", b"\x89PNG"), ("map.svg", b"<?xml"), ("map.PDF", b"%PDF")]
)
def test_render_demo_writes_the_format_its_name_ends_with(tmp_path, capsys, name, magic):
    output = tmp_path / name
    assert main(["render", "--demo", "--lang", "fa", "--view", "compare", "-o", str(output)]) == 0
    assert output.read_bytes().startswith(magic)
    assert capsys.readouterr().out.strip() == f"touchpoint-bot: wrote {output}"


def test_render_help_names_its_options(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["render", "--help"])
    assert exit_.value.code == 0
    help_text = capsys.readouterr().out
    for option in ("--demo", "--lang", "--view", "-o FILE", ".png, .svg or .pdf"):
        assert option in help_text


@pytest.mark.parametrize(
    ("arguments", "complaint"),
    [
        (["--demo", "-o", "map.gif"], "must end in .png, .svg or .pdf"),
        (["--demo", "--lang", "de", "-o", "map.png"], "invalid choice: 'de'"),
        (["-o", "map.png"], "one of the arguments --demo --map is required"),
    ],
)
def test_render_refuses_what_it_cannot_do(capsys, arguments, complaint):
    with pytest.raises(SystemExit) as exit_:
        main(["render", *arguments])
    assert exit_.value.code == 2
    assert complaint in capsys.readouterr().err


def test_render_says_when_it_cannot_write(tmp_path, capsys):
    output = tmp_path / "missing" / "map.png"
    assert main(["render", "--demo", "-o", str(output)]) == 2
    error = capsys.readouterr().err
    assert f"cannot write {output}" in error and "Traceback" not in error


def test_render_a_stored_map_by_id(tmp_path, capsys, monkeypatch, uow, database_url):
    from storage.models import Stage
    from storage.repositories import Maps

    with uow() as session:
        stored = Maps(session, "T0TEAM001").add(
            channel_id="C1", title="سفر خرید", language="fa", created_by="U1"
        )
        session.add(Stage(team_id="T0TEAM001", map_id=stored.id, name="آگاهی", phase="before", position=1))
    monkeypatch.setenv("DATABASE_URL", database_url)
    output = tmp_path / "stored.png"
    assert main(["render", "--map", str(stored.id), "-o", str(output)]) == 0
    assert output.read_bytes().startswith(b"\x89PNG")

    assert main(["render", "--map", "999999", "-o", str(output)]) == 2
    assert "there is no map 999999 in the database." in capsys.readouterr().err
