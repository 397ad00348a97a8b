"""The `bantin` MkDocs plugin: hooks only; the work is done by the modules they call."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import awards, feeds, opendata, people, photos, places, search, search_cache, search_stream, share
from .incremental import Fingerprints, mark_unmodified
from .config import BantinConfig
from .corpus import Corpus, ReadCache, load_corpus
from .model import Article, Stat, VN_TZ
from .pages import build_pages
from .sitedata import Site, VirtualPage, category_url, tag_url
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
        self.cache = ReadCache()
        self.vocab_stamp: tuple = ()
        self.corpus: Corpus | None = None
        self.site: Site | None = None
        self.articles: dict[str, Article] = {}
        self.virtual: dict[str, VirtualPage] = {}
        self.photos: photos.Library | None = None
        self.related: dict[str, list[Article]] = {}
        self.dirty = False
        self.fingerprints = Fingerprints()
        self.indexer = search.BackgroundIndexer(log.warning)
        self.stream: search_stream.PagefindStream | None = None
        self.search_terms: search_cache.SearchTerms | None = None

    # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, and
    # with it the read cache.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty  # `mkdocs serve --dirty`: re-render only pages whose inputs changed

    def on_config(self, config):
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
        # INFO, not WARNING: an orphan photo is not an error, and --strict must not fail on it.
        for name in self.corpus.unused_photos:
            log.info(f"warning: {self.config.photos_dir}/{name} is not used by any article "
                     "(delete it, or add it to an article)")
        if self.search_terms is None or self.search_terms.path != self.root / search_cache.FILE:
            self.search_terms = search_cache.SearchTerms(self.root / search_cache.FILE)
        self.search_terms.load()
        # Photos are made here, before MkDocs empties the site folder: a photo that
        # fails to decode leaves the last good site as it was.
        self.visible = self.corpus.visible(self.preview)
        self.photos = photos.prepare(self.visible, self.photos_dir,
                                     self.root / photos.CACHE, progress=log.info)
        for problem in self.photos.problems:
            log.warning(str(problem))
        if self.photos.problems and not self.preview:
            raise Abort(f"{len(self.photos.problems)} photo problem(s); nothing was published.")

    def on_files(self, files: Files, *, config) -> Files:
        assert self.corpus is not None
        vocab_rel = os.path.relpath(self.vocab_dir, config.docs_dir).replace(os.sep, "/")
        photos_rel = os.path.relpath(self.photos_dir, config.docs_dir).replace(os.sep, "/")
        for file in list(files):
            # Originals are never published, even if photos/ is put inside the docs folder.
            if file.src_uri.startswith((vocab_rel + "/", photos_rel + "/")):
                files.remove(file)
        visible = self.visible  # read and sorted once, in on_pre_build
        self.site = Site(articles=visible, vocab=self.vocab, preview=self.preview, people=people.directory(visible),
                         per_page=self.config.per_page, home_latest=self.config.home_latest)
        self.articles = {}
        self.related = related(self.site.articles)
        self.fingerprints.start(salt=repr((self.vocab, dict(self.config), config.site_name)))
        assert self.photos is not None
        for article in self.site.articles:
            uri = article.url.lstrip("/") + "index.md"
            self.articles[uri] = article
            file = File.generated(config, uri, content=article.body, inclusion=InclusionLevel.NOT_IN_NAV)
            # Everything the article page shows besides the article: its related list
            # and its photos as encoded (a replaced photo gets a new file name).
            if self.dirty and self.fingerprints.unchanged(
                    uri, article, article.body, article.is_scheduled(self.corpus.now),
                    self.related.get(article.url, []), [self.photos.key_of(p) for p in article.photos]):
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
        self._add(files, File.generated(config, "assets/tim-kiem.js", abs_src_path=str(HERE / "assets/tim-kiem.js")))
        return files

    @staticmethod
    def _add(files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(file)

    def on_env(self, env, *, config, files):
        # `mkdocs build`: Pagefind indexes each page as it is written (search_stream).
        self._stop_stream()
        if self.config.search and self.command != "serve" and not self.dirty:
            try:
                self.stream = search_stream.start()
            except (OSError, search_stream.StreamError) as error:
                raise PluginError(f"bantin: {error}") from None
        return env

    # Last, after every other plugin: Pagefind must see the page as it is written.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page, config) -> str:
        if self.stream is not None and search_stream.MARK in output:
            self.stream.add("/" + page.url, output)
        return output

    def on_build_error(self, *, error) -> None:
        self._stop_stream()

    def _stop_stream(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        uri = page.file.src_uri
        page.meta["bantin_feeds"] = feeds.links("/" + page.url, self._categories(), config.site_name)
        article = self.articles.get(uri)
        if article is not None:
            page.update_date = article.date.strftime("%Y-%m-%d")  # the sitemap's <lastmod>
            page.meta["title"] = escape(article.title)
            page.meta["description"] = escape(article.summary)
            assert self.photos is not None
            lead = article.photos[0] if article.photos else None
            page.meta["bantin_head"] = share.head_tags(
                article, site_url=config.site_url, site_name=config.site_name,
                image=self.photos.share_image(lead) if lead else None,
                image_size=self.photos.settings.share_size)
            if article.photos:
                page.meta["bantin_head"] += photos.lightbox_head("/" + page.url)
            page.meta["glightbox"] = False  # see photos.lightbox_head
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

    def on_page_content(self, html: str, *, page, config, files) -> str:
        uri = page.file.src_uri
        page_url = "/" + page.url
        article = self.articles.get(uri)
        if article is not None:
            status = ("draft" if article.draft else
                      "scheduled" if article.is_scheduled(self.corpus.now) else None)
            search_fold, search_words = self.search_terms.terms(article)
            content = render("article.html", page_url, article=article, body=Markup(html), status=status,
                          category_url=category_url(self.site, article.category), tag_url=tag_url,
                          photo_html=lambda p, lead: photos.html(p, lead, page_url, self.photos),
                          related=self.related.get(article.url, []), search_fold=search_fold,
                          search_words=search_words,
                          **self._article_links(article))
            return content + photos.LIGHTBOX_INIT if article.photos else content
        virtual = self.virtual.get(uri)
        if virtual is not None:
            return render(virtual.template, page_url, site_name=config.site_name, **virtual.context)
        return html

    def _article_links(self, article: Article) -> dict:
        province = self.vocab.provinces.lookup(article.province) if article.province else None
        return {"province_successor": province.successor if province else None,
                "province_url": places.province_url(self.vocab.provinces, province.name) if province else None,
                "person_url": self.site.people.url, "award_url": lambda w: awards.award_url(article, w),
                "metric_url": self._metric_url}

    def _metric_url(self, stat: Stat) -> str | None:
        metric = self.vocab.metrics.lookup(stat.metric_id)
        return metric_url(metric) if metric else None

    def _categories(self) -> list[tuple[str, str]]:
        return [(term.name, term.slug) for term in self.vocab.categories.terms]

    def on_post_build(self, *, config) -> None:
        assert self.site is not None and self.photos is not None
        self.photos.publish(Path(config.site_dir))
        self.search_terms.save()
        published = [a for a in self.site.articles if a.is_published(self.corpus.now)]
        opendata.publish(published, Path(config.site_dir))
        feeds.publish(published, self._categories(), Path(config.site_dir), config.site_url or "", config.site_name,
                      photo_url=self.photos.lead_url)
        if not self.config.search:
            return
        if self.command == "serve":
            self.indexer.request(Path(config.site_dir))
            return
        stream, self.stream = self.stream, None
        try:
            if stream is not None:
                search_stream.finish(stream, Path(config.site_dir))
            else:
                search.index(Path(config.site_dir))
        except search.SearchIndexError as error:
            raise PluginError(f"bantin: {error}") from None

    def on_serve(self, server, *, config, builder):
        for folder in (self.articles_dir, self.photos_dir, self.vocab_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server
