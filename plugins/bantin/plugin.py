"""The `bantin` MkDocs plugin: hooks only; the work is done by the modules they call."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import opendata, photos
from .incremental import Fingerprints, mark_unmodified
from .config import BantinConfig
from .corpus import Corpus, ReadCache, load_corpus
from .model import Article, VN_TZ
from .pages import Site, VirtualPage, build_pages, category_url, tag_url
from .render import render
from .vocab import Vocabularies, VocabError

log = get_plugin_logger(__name__)
HERE = Path(__file__).parent


class BantinPlugin(BasePlugin[BantinConfig]):
    """Publishes articles, archives and the bulletin's own pages."""

    def __init__(self) -> None:
        self.preview = False
        self.cache = ReadCache()
        self.corpus: Corpus | None = None
        self.site: Site | None = None
        self.articles: dict[str, Article] = {}
        self.virtual: dict[str, VirtualPage] = {}
        self.dirty = False
        self.fingerprints = Fingerprints()

    # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, and
    # with it the read cache.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = command == "serve"
        self.dirty = dirty  # `mkdocs serve --dirty`: re-render only pages whose inputs changed

    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self.articles_dir = root / self.config.articles_dir
        self.photos_dir = root / self.config.photos_dir
        self.vocab_dir = root / self.config.vocab_dir
        if self.config.preview is not None:
            self.preview = self.config.preview
        try:
            self.vocab = Vocabularies.load(self.vocab_dir)
        except VocabError as error:
            raise PluginError(f"bantin: {error}") from None
        config.theme.dirs.insert(0, str(HERE / "theme"))
        config.extra_css.append("assets/bantin.css")
        return config

    def on_pre_build(self, *, config) -> None:
        # Read and check every article before MkDocs cleans the site folder, so a
        # build with problems leaves the last good site as it was.
        self.corpus = load_corpus(self.root, self.articles_dir, self.photos_dir, self.vocab,
                                  now=dt.datetime.now(VN_TZ), cache=self.cache)
        for problem in self.corpus.problems:
            log.warning(str(problem))
        if self.corpus.problems and not self.preview:
            files = len({p.file for p in self.corpus.problems})
            raise Abort(f"{len(self.corpus.problems)} problem(s) in {files} article file(s); "
                        "nothing was published. Fix them (run `make check`) and build again.")

    def on_files(self, files: Files, *, config) -> Files:
        assert self.corpus is not None
        vocab_rel = os.path.relpath(self.vocab_dir, config.docs_dir).replace(os.sep, "/")
        for file in list(files):
            if file.src_uri.startswith(vocab_rel + "/"):
                files.remove(file)
        self.site = Site(articles=self.corpus.visible(self.preview), vocab=self.vocab, preview=self.preview,
                         per_page=self.config.per_page, home_latest=self.config.home_latest)
        self.articles = {}
        self.fingerprints.start(salt=repr((self.vocab, dict(self.config), config.site_name)))
        for article in self.site.articles:
            uri = article.url.lstrip("/") + "index.md"
            self.articles[uri] = article
            file = File.generated(config, uri, content=article.body, inclusion=InclusionLevel.NOT_IN_NAV)
            if self.dirty and self.fingerprints.unchanged(uri, article, article.body,
                                                          article.is_scheduled(self.corpus.now)):
                mark_unmodified(file)
            self._add(files, file)
        self.virtual = {}
        for page in build_pages(self.site):
            self.virtual[page.uri] = page
            inclusion = InclusionLevel.UNDEFINED if page.uri == "index.md" else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.uri, content="", inclusion=inclusion)
            if self.dirty and self.fingerprints.unchanged(page.uri, page.title, page.template, page.description,
                                                          page.context):
                mark_unmodified(file)
            self._add(files, file)
        self._add(files, File.generated(config, "assets/bantin.css", abs_src_path=str(HERE / "assets/bantin.css")))
        for file in photos.files(self.site.articles, self.photos_dir, config):
            self._add(files, file)
        return files

    @staticmethod
    def _add(files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(file)

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        uri = page.file.src_uri
        article = self.articles.get(uri)
        if article is not None:
            page.meta["title"] = escape(article.title)
            page.meta["description"] = escape(article.summary)
            return markdown
        virtual = self.virtual.get(uri)
        if virtual is not None:
            page.meta["title"] = escape(virtual.title)
            if virtual.description:
                page.meta["description"] = escape(virtual.description)
            return ""
        return markdown

    def on_page_content(self, html: str, *, page, config, files) -> str:
        uri = page.file.src_uri
        page_url = "/" + page.url
        article = self.articles.get(uri)
        if article is not None:
            status = ("draft" if article.draft else
                      "scheduled" if article.is_scheduled(self.corpus.now) else None)
            return render("article.html", page_url, article=article, body=Markup(html), status=status,
                          category_url=category_url(self.site, article.category), tag_url=tag_url,
                          photo_html=lambda p, lead: photos.html(p, lead, page_url),
                          **self._article_links(article))
        virtual = self.virtual.get(uri)
        if virtual is not None:
            return render(virtual.template, page_url, site_name=config.site_name, **virtual.context)
        return html

    def _article_links(self, article: Article) -> dict:
        province = self.vocab.provinces.lookup(article.province) if article.province else None
        return {"province_successor": province.successor if province else None}

    def on_post_build(self, *, config) -> None:
        assert self.site is not None
        published = [a for a in self.site.articles if a.is_published(self.corpus.now)]
        opendata.publish(published, Path(config.site_dir))

    def on_serve(self, server, *, config, builder):
        for folder in (self.articles_dir, self.photos_dir, self.vocab_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server
