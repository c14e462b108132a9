"""The app factory: defaults, PORTAL_* overrides, instance paths, secrets kept out of the repo."""

from pathlib import Path

from portal import create_app


def test_defaults_place_database_and_index_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("PORTAL_DATABASE_URL", raising=False)
    app = create_app({"BOOTSTRAP_ON_START": False})
    instance = Path(app.instance_path)
    assert app.config["DATABASE_URL"] == f"sqlite:///{instance / 'carefinder.sqlite'}"
    assert app.config["INDEX_DIR"] == str(instance / "index")
    assert app.config["BABEL_DEFAULT_LOCALE"] == "zh"


def test_environment_overrides_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    monkeypatch.setenv("PORTAL_INDEX_DIR", str(tmp_path / "env-index"))
    monkeypatch.setenv("PORTAL_PAGE_SIZE", "7")
    monkeypatch.setenv("PORTAL_BOOTSTRAP_ON_START", "false")
    app = create_app()
    assert app.config["DATABASE_URL"].endswith("env.sqlite")
    assert app.config["INDEX_DIR"] == str(tmp_path / "env-index")
    assert app.config["PAGE_SIZE"] == 7  # JSON-typed, not the string "7"
    assert app.config["BOOTSTRAP_ON_START"] is False


def test_test_config_wins_over_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_PAGE_SIZE", "7")
    app = create_app({"PAGE_SIZE": 3, "BOOTSTRAP_ON_START": False, "INDEX_DIR": str(tmp_path)})
    assert app.config["PAGE_SIZE"] == 3


def test_secret_key_is_generated_per_installation_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    first = create_app({"BOOTSTRAP_ON_START": False, "INDEX_DIR": str(tmp_path)})
    second = create_app({"BOOTSTRAP_ON_START": False, "INDEX_DIR": str(tmp_path)})
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    secret_file = Path(first.instance_path) / "secret_key"
    assert secret_file.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_templates_static_and_translations_resolve_from_portal(app):
    root = Path(__file__).resolve().parents[1]
    assert (Path(app.root_path) / app.template_folder).resolve() == root / "templates"
    assert Path(app.static_folder).resolve() == root / "static"
    assert app.jinja_env.get_template("base.html").filename == str(root / "templates/base.html")
    assert Path(app.config["BABEL_TRANSLATION_DIRECTORIES"]) == root / "translations"
