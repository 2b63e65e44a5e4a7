"""newsgen.yaml: defaults, validation that names the bad key and line, flag overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgen.config import Config, load_config
from newsgen.errors import ConfigError

from .conftest import write


def test_defaults_without_a_file(tmp_path: Path) -> None:
    cfg = load_config(root=tmp_path)
    assert cfg.model == "en_core_web_sm" and cfg.output_path == tmp_path / "site" and cfg.base_path == "/"


def test_file_values_and_flag_overrides(tmp_path: Path) -> None:
    write(tmp_path / "newsgen.yaml", "title: Morning\nbase_url: https://me.github.io/news/\nmodel: en_core_web_md\n")
    cfg = load_config(root=tmp_path, overrides={"base_url": "/other/", "output_dir": None})
    assert cfg.title == "Morning" and cfg.model == "en_core_web_md"
    assert cfg.base_url == "/other/" and cfg.base_path == "/other/" and cfg.output_dir == "site"


@pytest.mark.parametrize(("url", "path", "absolute"), [("https://me.github.io/news", "/news/", "https://me.github.io/news/"), ("/repo/", "/repo/", None), ("/", "/", None)])
def test_base_url_forms(url: str, path: str, absolute: str | None) -> None:
    cfg = Config(base_url=url)
    assert (cfg.base_path, cfg.site_url) == (path, absolute)


def test_unknown_keys_are_each_reported_with_line_and_suggestion(tmp_path: Path) -> None:
    write(tmp_path / "newsgen.yaml", "title: x\nbaseurl: /a/\ncolour: red\n")
    with pytest.raises(ConfigError) as info:
        load_config(root=tmp_path)
    lines = [str(p) for p in info.value.problems]
    assert len(lines) == 2
    assert "newsgen.yaml:2: error: unknown key `baseurl` — did you mean `base_url`?" in lines[0]
    assert "newsgen.yaml:3: error: unknown key `colour`" in lines[1]


@pytest.mark.parametrize(("text", "message"), [("title: [x\n", "not valid YAML"), ("- a\n", "must be a mapping"), ("title: {a: 1}\n", "must be a text value"), ("base_url: 'not a url'\n", "not a URL")])
def test_invalid_files(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path / "newsgen.yaml", text)
    with pytest.raises(ConfigError) as info:
        load_config(root=tmp_path)
    assert message in str(info.value)


def test_explicit_config_path_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "missing.yaml")


def test_cluster_is_an_address_or_local_n_from_the_file_or_the_flag(tmp_path: Path) -> None:
    from newsgen.incremental import theme_fingerprint

    write(tmp_path / "newsgen.yaml", "title: x\ncluster: tcp://10.0.0.5:8786\n")
    cfg = load_config(root=tmp_path)
    assert cfg.cluster == "tcp://10.0.0.5:8786"
    assert load_config(root=tmp_path, overrides={"cluster": "local:4"}).cluster == "local:4"
    assert theme_fingerprint(cfg) == theme_fingerprint(load_config(root=tmp_path, overrides={"cluster": ""}))  # where it is extracted changes no page
    write(tmp_path / "newsgen.yaml", "title: x\ncluster: 10.0.0.5\n")
    with pytest.raises(ConfigError) as info:
        load_config(root=tmp_path)
    assert str(info.value.problems[0]).startswith(f"{tmp_path / 'newsgen.yaml'}:2: error: cluster '10.0.0.5' is not a Dask scheduler address nor local:N — use `tcp://HOST:8786`")
    with pytest.raises(ConfigError, match=r"^--cluster: error: cluster 'local:0' is not"):
        load_config(root=tmp_path / "none", overrides={"cluster": "local:0"})


def test_a_cluster_without_the_extra_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from newsgen.cluster import load_distributed
    from newsgen.errors import NewsgenError

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if `newsgen[cluster]` were not installed
    with pytest.raises(NewsgenError) as info:
        load_distributed()
    assert str(info.value) == ('--cluster: error: extraction on a Dask cluster needs dask.distributed, which is not installed — '
                               'install it with `pip install "newsgen[cluster]"`')
