"""The `bantin` MkDocs plugin: hooks only; the work is done by the modules they call."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Callable

from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import awards, feeds, opendata, people, photohtml, photos, places, search, share, urls, withdrawal
from .incremental import Fingerprints, mark_unmodified
from .config import BantinConfig
from .reading import Corpus, ReadCache, load_corpus
from .model import Article, Stat, VN_TZ
from .pages import build_pages
from .site import Site, VirtualPage, category_url, tag_url
from .related import related
from .render import render
from .stats import metric_url
from .vocab import Vocabularies, VocabError

log = get_plugin_logger(__name__)
HERE = Path(__file__).parent


class BantinPlugin(BasePlugin[BantinConfig]):
    """Publishes articles, archives and the bulletin's own pages."""

    def __init__(self) -> None:
        self.preview = False
        self.command = "build"
        self.dirty = False
        # Folders, from mkdocs.yml (on_config).
        self.root = Path(".")
        self.articles_dir = self.photos_dir = self.vocab_dir = self.root
        # Kept across `mkdocs serve` rebuilds.
        self.cache = ReadCache()
        self.vocab: Vocabularies | None = None
        self.vocab_stamp: tuple = ()
        self.fingerprints = Fingerprints()
        self.indexer = search.BackgroundIndexer(log.warning)
        # This build's: read in on_pre_build, arranged in on_files.
        self.corpus: Corpus | None = None
        self.visible: list[Article] = []
        self.photos: photos.Library | None = None
        self.site: Site | None = None
        self.articles: dict[str, Article] = {}
        self.virtual: dict[str, VirtualPage] = {}
        self.related: dict[str, list[Article]] = {}

    # A hook that runs before the one that fills these (a change of MkDocs' order, a
    # plugin calling hooks itself) gets a clear error rather than an AttributeError.
    def _vocabularies(self) -> Vocabularies:
        if self.vocab is None:
            raise PluginError("bantin: chưa đọc từ điển (on_config chưa chạy)")
        return self.vocab

    def _read(self) -> tuple[Corpus, photos.Library]:
        if self.corpus is None or self.photos is None:
            raise PluginError("bantin: chưa đọc bài viết và ảnh (on_pre_build chưa chạy)")
        return self.corpus, self.photos

    def _arranged(self) -> tuple[Corpus, photos.Library, Site]:
        corpus, library = self._read()
        if self.site is None:
            raise PluginError("bantin: chưa dựng danh sách trang (on_files chưa chạy)")
        return corpus, library, self.site

    # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, and
    # with it the read cache.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty  # `mkdocs serve --dirty`: re-render only pages whose inputs changed

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self.articles_dir = root / self.config.articles_dir
        self.photos_dir = root / self.config.photos_dir
        self.vocab_dir = root / self.config.vocab_dir
        # MkDocs caches this instance across load_config calls in one process (it has
        # on_startup), so decide afresh each time: an earlier preview must not leak.
        self.preview = self.config.preview if self.config.preview is not None else self.command == "serve"
        # Reuse the vocabularies (and with them the read cache) while their files are
        # unchanged: `mkdocs serve` calls on_config again for every rebuild.
        stamp = (str(self.vocab_dir), tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                                            for p in sorted(self.vocab_dir.glob("*.yml"))))
        if stamp != self.vocab_stamp:
            try:
                self.vocab = Vocabularies.load(self.vocab_dir)
            except VocabError as error:
                raise PluginError(f"bantin: {error}") from None
            self.vocab_stamp = stamp
        config.theme.dirs.insert(0, str(HERE / "theme"))
        config.extra_css.append(urls.site_path(urls.asset("bantin.css")))
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Read and check every article before MkDocs cleans the site folder, so a
        # build with problems leaves the last good site as it was.
        self.corpus = corpus = load_corpus(self.root, self.articles_dir, self.photos_dir, self._vocabularies(),
                                           now=dt.datetime.now(VN_TZ), cache=self.cache)
        for problem in corpus.problems:
            log.warning(str(problem))
        if corpus.problems and not self.preview:
            files = len({p.file for p in corpus.problems})
            raise Abort(f"{len(corpus.problems)} problem(s) in {files} article file(s); "
                        "nothing was published. Fix them (run `make check`) and build again.")
        # INFO, not WARNING: an orphan photo is not an error, and --strict must not fail on it.
        # Nor must a doubt across articles (one decision number, two issuers): it may be right.
        for warning in corpus.warnings:
            log.info(str(warning))
        for name in corpus.unused_photos:
            log.info(f"warning: {self.config.photos_dir}/{name} is not used by any article "
                     "(delete it, or add it to an article)")
        # Photos are made here, before MkDocs empties the site folder: a photo that
        # fails to decode leaves the last good site as it was.
        self.visible = corpus.visible(self.preview)
        self.photos = library = photos.prepare(self.visible, self.photos_dir,
                                               self.root / photos.CACHE, progress=log.info)
        for problem in library.problems:
            log.warning(str(problem))
        if library.problems and not self.preview:
            raise Abort(f"{len(library.problems)} photo problem(s); nothing was published.")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        corpus, library = self._read()
        vocab = self._vocabularies()
        vocab_rel = os.path.relpath(self.vocab_dir, config.docs_dir).replace(os.sep, "/")
        photos_rel = os.path.relpath(self.photos_dir, config.docs_dir).replace(os.sep, "/")
        for file in list(files):
            # Originals are never published, even if photos/ is put inside the docs folder.
            if file.src_uri.startswith((vocab_rel + "/", photos_rel + "/")):
                files.remove(file)
        visible = self.visible  # read and sorted once, in on_pre_build
        # A withdrawn article keeps its page (below) but leaves every list, index, feed,
        # total and dataset: those are all built from `site.articles`.
        listed = [a for a in visible if a.listed]
        self.site = site = Site(articles=listed, vocab=vocab, preview=self.preview,
                                people=people.directory(listed), per_page=self.config.per_page,
                                home_latest=self.config.home_latest)
        self.articles = {}
        self.related = related(site.articles)
        self.fingerprints.start(salt=repr((vocab, dict(self.config), config.site_name)))
        for article in visible:
            uri = urls.source_uri(article.url)
            self.articles[uri] = article
            file = File.generated(config, uri, content=article.body, inclusion=InclusionLevel.NOT_IN_NAV)
            # Everything the article page shows besides the article: its related list
            # and its photos as encoded (a replaced photo gets a new file name).
            if self.dirty and self.fingerprints.unchanged(
                    uri, article, article.body, article.is_scheduled(corpus.now),
                    self.related.get(article.url, []), [library.key_of(p) for p in article.photos]):
                mark_unmodified(file)
            self._add(files, file)
        self.virtual = {}
        for page in build_pages(site):
            self.virtual[page.uri] = page
            inclusion = InclusionLevel.UNDEFINED if page.url == urls.HOME else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.uri, content="", inclusion=inclusion)
            if self.dirty and self.fingerprints.unchanged(page.uri, page.title, page.template, page.description,
                                                          page.context):
                mark_unmodified(file)
            self._add(files, file)
        for name in ("bantin.css", "tim-kiem.js"):
            self._add(files, File.generated(config, urls.site_path(urls.asset(name)),
                                            abs_src_path=str(HERE / "assets" / name)))
        return files

    @staticmethod
    def _add(files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(file)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        page.meta["bantin_feeds"] = feeds.links(urls.from_mkdocs(page.url), self._categories(), config.site_name)
        article = self.articles.get(uri)
        if article is not None:
            page.update_date = article.modified.strftime("%Y-%m-%d")  # the sitemap's <lastmod>
            page.meta["title"] = escape(article.title)
            page.meta["description"] = escape(article.summary)
            _, library = self._read()
            lead = article.photos[0] if article.photos else None
            page.meta["bantin_head"] = share.head_tags(
                article, site_url=config.site_url, site_name=config.site_name,
                image=library.share_image(lead) if lead else None,
                image_size=library.settings.share_size)
            if article.photos:
                page.meta["bantin_head"] += photohtml.lightbox_head(urls.from_mkdocs(page.url))
            if article.withdrawn:
                page.meta["bantin_head"] += withdrawal.HEAD
                page.meta[withdrawal.META] = True  # theme/sitemap.xml leaves it out
            page.meta["glightbox"] = False  # see photohtml.lightbox_head
            return markdown
        virtual = self.virtual.get(uri)
        if virtual is not None:
            page.meta["title"] = escape(virtual.title)
            # No lightbox on lists and indexes: a picture there links to its article.
            page.meta["glightbox"] = False
            if virtual.description:
                page.meta["description"] = escape(virtual.description)
            return ""
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        page_url = urls.from_mkdocs(page.url)
        article = self.articles.get(uri)
        if article is not None:
            corpus, library, site = self._arranged()
            status = ("draft" if article.draft else
                      "scheduled" if article.is_scheduled(corpus.now) else None)
            indexed = article.listed  # a withdrawn page stays out of the search index
            links = self._article_links(article, site)
            content = render("article.html", page_url, article=article, body=Markup(html), status=status,
                             category_url=category_url(site, article.category), tag_url=tag_url if indexed else None,
                             photo_html=lambda p, lead: photohtml.html(p, lead, page_url, library),
                             related=self.related.get(article.url, []),
                             search_fold=search.article_fold(article) if indexed else None,
                             search_words=search.article_words(article) if indexed else None,
                             **(links if indexed else withdrawal.without_links(links)))
            return content + photohtml.LIGHTBOX_INIT if article.photos else content
        virtual = self.virtual.get(uri)
        if virtual is not None:
            return render(virtual.template, page_url, site_name=config.site_name, **virtual.context)
        return html

    def _article_links(self, article: Article, site: Site) -> dict:
        province = site.vocab.provinces.lookup(article.province) if article.province else None
        return {"province_successor": province.successor if province else None,
                "province_url": places.province_url(site.vocab.provinces, province.name) if province else None,
                "person_url": site.people.url, "award_url": lambda w: awards.award_url(article, w),
                "metric_url": self._metric_url}

    def _metric_url(self, stat: Stat) -> str | None:
        metric = self._vocabularies().metrics.lookup(stat.metric_id)
        return metric_url(metric) if metric else None

    def _categories(self) -> list[tuple[str, str]]:
        return [(term.name, term.slug) for term in self._vocabularies().categories.terms]

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        corpus, library, site = self._arranged()
        library.publish(Path(config.site_dir))
        published = [a for a in site.articles if a.is_published(corpus.now)]
        opendata.publish(published, Path(config.site_dir))
        feeds.publish(published, self._categories(), Path(config.site_dir), config.site_url or "", config.site_name,
                      photo_url=library.lead_url)
        if not self.config.search:
            return
        if self.command == "serve":
            self.indexer.request(Path(config.site_dir))
            return
        try:
            search.index(Path(config.site_dir))
        except search.SearchIndexError as error:
            raise PluginError(f"bantin: {error}") from None

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # The theme's own templates (header search form, feed links) take URLs from here too.
        env.globals["bantin_urls"] = urls
        return env

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
                 ) -> LiveReloadServer:
        for folder in (self.articles_dir, self.photos_dir, self.vocab_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server
