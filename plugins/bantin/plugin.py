"""The `bantin` MkDocs plugin: hooks only; the work is done by the modules they call."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from functools import partial
from pathlib import Path
from typing import Any, Callable

from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from . import awards, feeds, opendata, people, photohtml, photos, places, preview, reader, sanitize, search
from . import bodycache, crawlers, datapackage, jsonld, markupfix, pagehead, share, sharecard, urls, withdrawal
from . import chrome, mkdocslog, pagefind_merge, pagememory, search_cache, search_stream, search_update
from . import templatecache, watching, worker
from .diskio import machine_fault, not_the_dirty_warning
from .incremental import Fingerprints, code_digest, mark_unmodified, tree_digest
from .reuse import Reuse
from .config import BantinConfig
from .importer.notes import file_notes
from .reading import READ_CACHE, Corpus, ReadCache, load_corpus
from .model import Article, Stat, VN_TZ
from .problems import Problem
from .pages import build_pages
from .site import Site, VirtualPage, category_url, tag_url
from .related import related, related_cached
from .render import refresh as refresh_templates, render
from .stats import metric_url
from .vocab import Vocabularies, VocabError

log = get_plugin_logger(__name__)
RELATED_CACHE = ".cache/bantin/related.marshal"
HOME_URI = urls.source_uri(urls.HOME)
SEARCH_PART = 400  # pages per Pagefind process in a full build (bantin/pagefind_merge.PartStream)
# Hand-written pages (docs folder) the footer links to when a site has them.
FOOTER_PAGES = [("kha-nang-tiep-can.md", "Tuyên bố về khả năng tiếp cận")]
HERE = Path(__file__).parent
# Plugins known to keep nothing of a page they see rendered: with any other in the site,
# the pages are not rendered by a second process (bantin/worker.py).
WORKER_PLUGINS = {"bantin", "glightbox"}


class BantinPlugin(BasePlugin[BantinConfig]):
    """Publishes articles, archives and the bulletin's own pages."""

    def __init__(self) -> None:
        self.preview = False
        self.command = "build"
        self.dirty = False
        # `make build` (scripts/build.py): the last good site, whose unchanged pages are
        # reused (bantin/incremental.py); None: every page is rendered.
        self.previous_site: Path | None = None
        self.reuse: Reuse | None = None  # this build's, in `make build`
        self._mkdocs_config = MkDocsConfig()
        self.lastmod_memo: dict = {}  # pagehead.list_lastmod's, this build's
        self.rendered_marked: set[str] = set()  # URLs of rendered pages Pagefind indexes
        self.changed_search: dict[str, str] | None = None  # URL -> HTML, for the index update
        self.doc_order: list[tuple[str, str]] = []  # (source URI, URL) of every page, render order
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
        self.links: dict[str, dict] = {}  # article source URI -> its page's links (_article_links)
        self.cards: sharecard.Cards | None = None
        self.share_cards: dict[str, str] = {}  # article URL -> drawn share card, for articles without one
        self.site_card = ""  # site path of the card shared by every page that is not an article
        self.logo = ""  # site path of the publisher logo (JSON-LD)
        self.newest_change = dt.datetime.now(VN_TZ)  # lastmod of pages that show no article
        # `make serve` only: every current problem (the banner), and broken articles by source URI.
        self.problems: list[Problem] = []
        self.broken: dict[str, tuple[str, list[Problem]]] = {}
        self.stream: pagefind_merge.PartStream | None = None
        self.search_terms: search_cache.SearchTerms | None = None
        self.known_clean: sanitize.KnownClean | None = None
        self.bodies: bodycache.Bodies | None = None
        self.templates: templatecache.TemplateCache | None = None
        self.served_derived: tuple[str, list[str]] = ("", [])  # `mkdocs serve`: open data's key, files
        self.lists_key = ""  # this build's _lists_key
        self.list_uris: dict[str, None] = {}  # source URIs of the list pages, in build order (a dict: asked per page)
        self.lists_pending: Site | None = None  # the site whose list pages are not made yet
        self.served_lists: tuple[str, dict[str, VirtualPage]] = ("", {})  # `mkdocs serve`: the last build's
        self.shelf = pagememory.Shelf()  # rendered pages kept packed until written
        self.worker: worker.Worker | None = None  # rendering a share of the pages (bantin/worker.py)
        self.split: worker.Split | None = None  # the pages shared with the worker, while it runs

    # A hook that runs before the one that fills these (a change of MkDocs' order, a
    # plugin calling hooks itself) gets a clear error rather than an AttributeError.
    def _vocabularies(self) -> Vocabularies:
        if self.vocab is None:
            raise PluginError("bantin: chưa đọc danh mục (on_config chưa chạy)")
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
        # MkDocs' own lines (progress, link warnings, its last line) in Vietnamese.
        mkdocslog.install(self._writer_file)
        self.dirty = dirty  # `mkdocs serve --dirty`: re-render only pages whose inputs changed
        previous = os.environ.get("BANTIN_PREVIOUS_SITE")
        self.previous_site = Path(previous).resolve() if command == "build" and dirty and previous else None
        if self.previous_site is not None:
            # MkDocs warns that a dirty build may leave stale files and links; ours starts
            # from an empty staging folder and reuses only pages whose inputs are the same,
            # so the warning is wrong here, and --strict would fail the build on it.
            logging.getLogger("mkdocs.commands.build").addFilter(not_the_dirty_warning)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._mkdocs_config = config
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
                raise PluginError(f"bantin: danh mục không dùng được: {error}") from None
            self.vocab_stamp = stamp
            for notice in self.vocab.notices:
                log.info(notice)
        # After the site's own `custom_dir` (an editor's override wins), before Material.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(HERE / "theme"))
        config.extra_css.append(urls.site_path(urls.asset("bantin.css")))
        # Heading anchors keep đ as d ("#ngay-hoi-dau-tien"); Python-Markdown's default drops it.
        config.mdx_configs.setdefault("toc", {}).setdefault("slugify", reader.heading_slug)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Read and check every article before MkDocs cleans the site folder, so a
        # build with problems leaves the last good site as it was.
        # `make build`: articles read by the last build are taken from .cache/ (by their
        # bytes); `mkdocs serve` keeps them in memory between rebuilds.
        refresh_templates()
        self.reuse = Reuse(self.previous_site, self.root) if self.previous_site is not None else None
        if self.reuse is not None:
            # What this build is made from, taken before anything is read: scripts/build.py
            # compares it next time, and with nothing changed does not build at all.
            self.reuse.take_manifest([
                Path(config.config_file_path or "mkdocs.yml"), Path(config.docs_dir), self.articles_dir,
                self.photos_dir, self.vocab_dir, HERE,
                *([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])])
            self.cache.load(self.root / READ_CACHE, code_digest())
        self.corpus = corpus = load_corpus(self.root, self.articles_dir, self.photos_dir, self._vocabularies(),
                                           now=dt.datetime.now(VN_TZ), cache=self.cache)
        for problem in corpus.problems:
            log.warning(str(problem))
        # INFO: the text was cleaned and can be published; --strict must not fail on it.
        for notice in corpus.notices:
            log.info(str(notice))
        if corpus.problems and not self.preview:
            files = len({p.file for p in corpus.problems})
            raise Abort(f"Có {len(corpus.problems)} vấn đề trong {files} tệp bài viết; chưa đăng gì cả "
                        "(trang đã đăng lần trước vẫn giữ nguyên). Sửa các dòng đã nêu (xem bằng make check) "
                        "rồi dựng lại.")
        # INFO, not WARNING: an orphan photo is not an error, and --strict must not fail on it.
        # Nor must a doubt across articles (one decision number, two issuers): it may be right.
        for warning in corpus.warnings:
            log.info(str(warning))
        for name in corpus.unused_photos:
            log.info(f"Lưu ý: {self.config.photos_dir}/{name} không được bài nào dùng "
                     "(xoá ảnh, hoặc thêm vào một bài)")
        self.search_terms = search_cache.SearchTerms.at(self.root / search_cache.FILE, self.search_terms)
        self.known_clean = sanitize.KnownClean.at(self.root / sanitize.FILE, self.known_clean)
        self.bodies = bodycache.bodies(self.root / bodycache.FILE, config, self.bodies)
        # Photos are made here, before MkDocs empties the site folder: a photo that
        # fails to decode leaves the last good site as it was.
        self.visible = corpus.visible(self.preview)
        self.photos = library = photos.prepare(self.visible, self.photos_dir,
                                               self.root / photos.CACHE, progress=log.info)
        for problem in library.problems:
            log.warning(str(problem))
        if library.problems and not self.preview:
            raise Abort(f"Có {len(library.problems)} vấn đề về ảnh; chưa đăng gì cả (trang đã đăng lần trước "
                        "vẫn giữ nguyên). Sửa các ảnh đã nêu rồi dựng lại.")
        self.problems = list(corpus.problems) + list(library.problems) if self.command == "serve" else []
        try:
            self.cards = cards = sharecard.Cards.open(self.root / sharecard.CACHE, self.config.share_font)
        except sharecard.FontMissing as error:
            raise PluginError(f"bantin: {error}") from None
        # Share cards for articles with no photo to share, and the site's own card and logo:
        # drawn here (cached by content hash), so every page of the build can name them.
        self.share_cards = {a.url: cards.card(sharecard.article_card(a, config.site_name))
                            for a in self.visible if not self._photo_share(a)}
        self.site_card = cards.card(sharecard.Card(title=config.site_name, site_name=config.site_name,
                                                   footer=config.site_description or ""))
        self.logo = cards.logo(config.site_name)

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
        self.links = {}
        # `make build` and `make serve` keep the related lists in .cache/ (a body edit
        # leaves them as they were).
        self.related = (related_cached(site.articles, self.root / RELATED_CACHE) if self.dirty
                        else related(site.articles))
        self.newest_change = max((jsonld.date_modified(a) for a in site.articles),
                                 default=dt.datetime.now(VN_TZ))
        # The preview banner is on every page: a change in the problems renders them all again.
        salt = repr((vocab, dict(self.config), config.site_name, self.problems))
        self.rendered_marked = set()
        self.changed_search = None
        if self.reuse is not None:
            salt = self._incremental_salt(config, salt)
            why = self.reuse.start(salt)
            # Also in `make build FULL=1`, which reuses no page (Reuse.reuse) but keeps the
            # record for the next build: a list page made from the same as then keeps its
            # recorded fingerprint (`same_lists` below) instead of computing it again.
            self.fingerprints.previous = self.reuse.fingerprints()
            if why is not None:
                log.info(f"Dựng mọi trang: {why}")
        # An article read from the cache keeps the digest its fields had then (`make build`,
        # `make serve`: the read cache lives in .cache/ or in memory).
        paths = {id(a): str(self.root / a.src) for a in visible} if self.dirty else {}
        known = {key: self.cache.digests[path] for key, path in paths.items()
                 if path in self.cache.digests and self._cached_article(path, key)}
        self.fingerprints.start(salt=salt, article_extra=lambda a: [library.key_of(p) for p in a.photos],
                                known=known)
        for article in visible:
            uri = urls.source_uri(article.url)
            self.articles[uri] = article
            self.links[uri] = links = self._article_links(article, site)
            file = File.generated(config, uri, content=article.body, inclusion=InclusionLevel.NOT_IN_NAV)
            if self.reuse is not None:
                self.reuse.page(uri, file.dest_uri)
            # Everything the article page shows besides the article: its related list
            # and its photos as encoded (a replaced photo gets a new file name).
            if self.dirty and self.fingerprints.unchanged(
                    uri, article, article.body, article.is_scheduled(corpus.now),
                    self.related.get(article.url, []), [library.key_of(p) for p in article.photos],
                    self._link_targets(article, site, links)) and self._reuse(file):
                mark_unmodified(file)
            self._add(files, file)
        # Every list page is made from the listed articles' fields (not their bodies), the
        # salt and the year alone: when none of those changed, no list page did, and
        # fingerprinting each (the larger part of a one-article rebuild) is skipped.
        # `mkdocs serve` keeps the pages it made last time; `make build` makes them only
        # if one must be rendered after all (its file in the last good site was changed).
        self.lists_key = self._lists_key(site, corpus.now) if self.dirty else ""
        before = self.reuse.record.lists if self.reuse is not None else (self.served_lists[0], [])
        same_lists = bool(self.lists_key) and self.lists_key == before[0]
        self.lastmod_memo = {}
        self.lists_pending = None
        if same_lists and self.reuse is None:
            self.virtual = self.served_lists[1]
        elif same_lists and before[1]:
            self.virtual, self.lists_pending = {}, site
        else:
            self.virtual = {page.uri: page for page in build_pages(site)}
        self.list_uris = dict.fromkeys(self.virtual if self.lists_pending is None else before[1])
        for uri in self.list_uris:
            inclusion = InclusionLevel.UNDEFINED if uri == HOME_URI else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, uri, content="", inclusion=inclusion)
            if self.reuse is not None:
                self.reuse.page(uri, file.dest_uri)
            # (A page the last build did not record, e.g. after a build that rendered all:
            # fingerprinted as usual.)
            unchanged = self.dirty and ((same_lists and self.fingerprints.same_as_before(uri)) or (
                (page := self._virtual_page(uri)) is not None and
                self.fingerprints.unchanged(uri, page.title, page.template, page.description, page.context)))
            if unchanged and self._reuse(file):
                mark_unmodified(file)
            self._add(files, file)
        self._link_reused()
        for key, digest in self.fingerprints.computed.items():
            if key in paths and self._cached_article(paths[key], key):
                self.cache.digests[paths[key]] = digest
                self.cache.new_digests += 1
        # Preview: a broken article's URL shows its problems instead of a 404.
        self.broken = preview.broken_articles(self.problems, {a.url for a in site.articles})
        for uri in self.broken:
            self._add(files, File.generated(config, uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        # One stylesheet for the reader (each render-blocking request costs a phone a round
        # trip): the house style, then the reader's pages (issue 13), kept apart in the source.
        self._add(files, File.generated(config, urls.site_path(urls.asset("bantin.css")), content="\n".join(
            (HERE / "assets" / name).read_text(encoding="utf-8") for name in ("bantin.css", "doc-bao.css"))))
        self._add(files, File.generated(config, urls.site_path(urls.asset("tim-kiem.js")),
                                        abs_src_path=str(HERE / "assets" / "tim-kiem.js")))
        return files

    def _virtual_page(self, uri: str) -> VirtualPage | None:
        """The list page at `uri` (None for any other page), made now if this build had
        no need of the list pages until then."""
        if self.lists_pending is not None and uri in self.list_uris:
            self.virtual = {page.uri: page for page in build_pages(self.lists_pending)}
            self.lists_pending = None
        return self.virtual.get(uri)

    def _lists_key(self, site: Site, now: dt.datetime) -> str:
        """What every list page is made from (bantin/pages.build_pages(site)): the salt
        (vocabularies, options, problems shown), the listed articles' fields and photos
        in order, whether this is a preview, and the year (the front page's year box)."""
        return hashlib.blake2b(repr((self.fingerprints.salt, now.year, site.preview,
                                     [self.fingerprints.article_key(a) for a in site.articles])).encode(),
                               digest_size=16).hexdigest()

    def _incremental_salt(self, config: MkDocsConfig, salt: str) -> str:
        """`make build`: the salt of this build with everything no page fingerprint holds
        (plugin code and templates, the theme override, mkdocs.yml, the docs folder with
        the vocabularies, installed packages)."""
        custom = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        config_file = Path(config.config_file_path or "mkdocs.yml")
        inputs = tree_digest([Path(config.docs_dir), self.vocab_dir, *custom, config_file])
        return hashlib.blake2b(repr((code_digest(), inputs, salt)).encode(), digest_size=16).hexdigest()

    def _cached_article(self, path: str, key: int) -> bool:
        """The read cache's article for `path` is the object with id `key`."""
        entry = self.cache.entries.get(path)
        return entry is not None and id(entry[1]) == key

    def _reuse(self, file: File) -> bool:
        """An unchanged page: in `make build`, queue its file in the last good site for
        linking into the staging folder (False when that file is gone or was changed
        since: the page is rendered). `mkdocs serve --dirty` writes into the same folder."""
        return self.reuse is None or self.reuse.reuse(file.src_uri, Path(file.abs_dest_path))

    def _link_reused(self) -> None:
        if self.reuse is None:
            return
        try:
            self.reuse.link_queued()
        except OSError as error:
            raise PluginError(f"bantin: không chép được trang cũ vào thư mục dựng. {machine_fault(error)}") from None

    def _reused(self) -> set[str]:
        """Source URIs of the pages this build linked from the last good site."""
        return self.reuse.reused if self.reuse is not None else set()

    @staticmethod
    def _add(files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(file)

    def _writer_file(self, src_uri: str) -> tuple[str, Path] | None:
        """The article file a page of MkDocs' was made from, as the writer names it."""
        article = self.articles.get(src_uri)
        return (article.src, self.root / article.src) if article is not None else None

    def on_build_error(self, *, error: Exception) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        self._stop_stream()

    def _stop_stream(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        if self.bodies is not None:  # its HTML kept from the last build (bantin/bodycache.py)
            page.render = partial(self.bodies.render, page)  # type: ignore[method-assign]
        page.meta["bantin_feeds"] = feeds.links(urls.from_mkdocs(page.url), self._categories(), config.site_name)
        article = self.articles.get(uri)
        self._sitemap_facts(page)
        if article is not None:
            page.meta["title"] = escape(article.title)
            page.meta["description"] = escape(article.summary)
            _, library, site = self._arranged()
            # Made with the page's template (bantin/pagememory.py).
            page.meta["bantin_head"] = pagememory.Later(partial(
                pagehead.article_head,
                article, page_url=urls.from_mkdocs(page.url), site_url=config.site_url, site_name=config.site_name,
                image=self._photo_share(article) or self.share_cards.get(article.url),
                image_size=library.settings.share_size, logo=self.logo, lead_url=library.lead_url(article),
                category_url=category_url(site, article.category)))
            page.meta["glightbox"] = False  # see photohtml.lightbox_head
            return markdown
        if uri in self.broken:
            page.meta["title"] = "Bài viết chưa xem được"
            return ""
        virtual = self._virtual_page(uri)
        if virtual is not None:
            page.meta["title"] = escape(virtual.title)
            # No lightbox on lists and indexes: a picture there links to its article.
            page.meta["glightbox"] = False
            if uri == "index.md":  # the front page uses the whole width: no sidebars
                page.meta["hide"] = ["navigation", "toc"]
            if virtual.description:
                page.meta["description"] = escape(virtual.description)
            return ""
        if page.file.abs_src_path:
            page.update_date = crawlers.lastmod(crawlers.source_date(Path(page.file.abs_src_path)))
        return markdown

    def _sitemap_facts(self, page: Page) -> None:
        """What sitemap.xml says of a generated page: its <lastmod>, and whether it is
        left out (a withdrawn article). Set before rendering, and for a page not rendered
        again (`make build` reused it) in on_env: the sitemap lists every page."""
        uri = page.file.src_uri
        article = self.articles.get(uri)
        if article is not None:
            page.update_date = crawlers.lastmod(jsonld.date_modified(article))
            if article.withdrawn:
                page.meta[withdrawal.META] = True  # theme/sitemap.xml leaves it out
            return
        if self.lists_pending is not None and uri in self.list_uris and self.reuse is not None:
            # Not rendered, made from what the last build's was: its date as then.
            kept = self.reuse.record.lastmods.get(uri)
            if kept is not None:
                page.update_date = kept[1]
                self.reuse.keep_lastmod(uri, *kept)
                return
        virtual = self._virtual_page(uri)
        if virtual is not None:
            pages = virtual.context.get("page_urls") or []
            first = self._virtual_page(urls.source_uri(pages[0])) if pages else None
            # A list's date depends on its items, its first page's and the newest change:
            # `make build` keeps it in the record under the fingerprints of both pages.
            current = self.fingerprints.current
            key = repr((current.get(uri), current.get(first.uri) if first else None, self.newest_change))
            kept = self.reuse.lastmod(uri, key) if self.reuse is not None and current.get(uri) is not None else None
            page.update_date = kept or pagehead.list_lastmod(virtual, first, self.newest_change, self.lastmod_memo)
            if self.reuse is not None:
                self.reuse.keep_lastmod(uri, key, page.update_date)

    def _photo_share(self, article: Article) -> str | None:
        """Site path of the share card made from the article's lead photo, if it has one."""
        _, library = self._read()
        return library.share_image(article.photos[0]) if article.photos else None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        page_url = urls.from_mkdocs(page.url)
        article = self.articles.get(uri)
        if article is not None:
            corpus, library, site = self._arranged()
            status = ("draft" if article.draft else
                      "scheduled" if article.is_scheduled(corpus.now) else None)
            # An imported draft's "# CẦN ĐIỀN" notes, listed under the draft banner.
            notes = file_notes(self.root / article.src) if status == "draft" else []
            # Defence in depth: make check already refuses scripts and javascript: links in bodies.
            assert self.known_clean is not None  # loaded in on_pre_build
            body = Markup(self.known_clean.clean(html))
            indexed = article.listed  # a withdrawn page stays out of the search index
            assert self.search_terms is not None  # loaded in on_pre_build
            search_fold, search_words = self.search_terms.terms(article)
            links = self.links[uri]  # made once per build, in on_files
            content = partial(render, "article.html", page_url, article=article, body=body, status=status,
                              preview=self.preview, notes=notes,
                              category_url=category_url(site, article.category),
                              tag_url=tag_url if indexed else None,
                              photo_html=lambda p, lead: photohtml.html(p, lead, page_url, library),
                              related=self.related.get(article.url, []),
                              search_fold=search_fold if indexed else None,
                              search_words=search_words if indexed else None,
                              news_date=reader.news_date, award_groups=reader.award_groups,
                              site_name=config.site_name,
                              canonical=urls.absolute(config.site_url, article.url) if config.site_url else None,
                              stat_note=reader.stat_note, stat_text=self._stat_text,
                              **(links if indexed else withdrawal.without_links(links)))
            self._skip_to(page, "noi-dung-bai", article.title)
            # Rendered with its template (bantin/pagememory.py): MkDocs holds every page's HTML to the end.
            return pagememory.Later(content, photohtml.LIGHTBOX_INIT if article.photos else None)
        if uri in self.broken:
            file, listed = self.broken[uri]
            return preview.broken_page(file, listed, page_url)
        virtual = self._virtual_page(uri)
        # Every other page is shared with the site's card (after rendering: a Markdown
        # page's title may come from its first heading).
        title = virtual.title if virtual is not None else page.title
        page.meta["bantin_head"] = share.page_tags(
            title=config.site_name if page.is_homepage else str(title or config.site_name),
            description=(virtual.description if virtual is not None else page.meta.get("description"))
            or config.site_description, url=page_url, site_url=config.site_url, site_name=config.site_name,
            image=self.site_card, image_size=sharecard.SIZE)
        if virtual is not None:
            return pagememory.Later(partial(
                render, virtual.template, page_url, site_name=config.site_name,
                photo_library=self.photos,
                **virtual.context))
        return html

    def _article_links(self, article: Article, site: Site) -> dict:
        province = site.vocab.provinces.lookup(article.province) if article.province else None
        return {"province_successor": province.successor if province else None,
                "province_url": places.province_url(site.vocab.provinces, province.name) if province else None,
                "person_url": site.people.url, "award_url": lambda w: awards.award_url(article, w),
                "metric_url": self._metric_url}

    def _link_targets(self, article: Article, site: Site, links: dict) -> tuple:
        """Every URL the article page links to that depends on more than the article: a
        person's slug gets -2 when an older article names someone who folds alike."""
        return (category_url(site, article.category), [tag_url(t) for t in article.tags],
                links["province_url"], links["province_successor"],
                [links["person_url"](o) for o in article.officials],
                [[links["person_url"](r) for r in w.recipients] for w in article.awards],
                [links["award_url"](w) for w in article.awards], [self._metric_url(s) for s in article.stats])

    @staticmethod
    def _skip_to(page: Page, anchor: str, title: str) -> None:
        """Point Material's skip link at the article itself. The theme links to the first
        entry of the page's table of contents, on an article a heading of the body, past
        the lead; a level-1 entry on top carries the article's anchor, and Material's
        table of contents shows only its children, as before."""
        top = AnchorLink(str(escape(title)), anchor, 1)
        top.children = list(page.toc.items)
        page.toc.items[:] = [top]

    def _stat_text(self, stat: Stat) -> str:
        metric = self._vocabularies().metrics.lookup(stat.metric_id)
        return reader.stat_text(stat, metric.unit if metric else "")

    def _metric_url(self, stat: Stat) -> str | None:
        metric = self._vocabularies().metrics.lookup(stat.metric_id)
        return metric_url(metric) if metric else None

    def _categories(self) -> list[tuple[str, str]]:
        return [(term.name, term.slug) for term in self._vocabularies().categories.terms]

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        corpus, library, site = self._arranged()
        # Every page is written now; only now are this build's fingerprints the base
        # of the next dirty build.
        self.fingerprints.commit()
        if self.command == "serve":
            self.served_lists = (self.lists_key, self.virtual)
        library.publish(Path(config.site_dir))
        # Partial: this build made only some pages (`make build` reusing the others, a
        # preview's rebuild), so what it did not use is kept too.
        some_only = bool(self._reused()) if self.reuse is not None else self.dirty
        if self.search_terms is not None:
            self.search_terms.save(partial=some_only)
        if self.known_clean is not None:
            self.known_clean.save(partial=some_only)
        if self.bodies is not None:
            self.bodies.save(partial=some_only)
        if self.reuse is not None:
            self.cache.save(self.root / READ_CACHE, code_digest())
        if self.cards is not None:
            self.cards.publish(Path(config.site_dir))
        published = [a for a in site.articles if a.is_published(corpus.now)]
        derived = self._derived(Path(config.site_dir), published, library)
        order = (self.reuse.search_order(self.doc_order, self.rendered_marked) if self.reuse is not None
                 else [url for _, url in self.doc_order if url in self.rendered_marked])
        if self.config.search:
            self._index(Path(config.site_dir), order)
        if self.reuse is not None:
            # (fingerprints.commit above made this build's fingerprints `previous`.)
            self.reuse.save(Path(config.site_dir), self.fingerprints.previous, order,
                            self._valid_until(corpus, site), derived, (self.lists_key, list(self.list_uris)))
            log.info(self.reuse.summary(self.doc_order))
            self.reuse = None

    def _derived(self, site_dir: Path, published: list[Article], library: photos.Library) -> tuple[str, list[str]]:
        """robots.txt and the open data: made from the published articles' fields (not
        their bodies) alone. `make build` links them from the last good site when those
        (and everything in the salt) are the same; (their key, their files) for the
        record. The feeds, which carry the bodies, are written each build (40 ms)."""
        config = self._mkdocs_config
        feeds.publish(published, self._categories(), site_dir, config.site_url or "", config.site_name,
                      photo_url=library.lead_url)
        key = ""
        if self.reuse is not None:
            key = self.reuse.derived_key([self.fingerprints.article_key(a) for a in published])
            linked = self.reuse.link_derived(key, site_dir)
            if linked is not None:
                return key, linked
        elif self.command == "serve":
            # `mkdocs serve`: its folder keeps the last rebuild's files; a body edit leaves them.
            key = hashlib.blake2b(repr((self.fingerprints.salt, config.site_url, config.site_description,
                                        [self.fingerprints.article_key(a) for a in published])).encode(),
                                  digest_size=16).hexdigest()
            made, files = self.served_derived
            if key == made and all((site_dir / name).is_file() for name in files):
                return key, files
        (site_dir / crawlers.ROBOTS).write_text(crawlers.robots(config.site_url), encoding="utf-8")
        opendata.publish(published, site_dir, config.site_url or "")
        datapackage.publish(site_dir / opendata.FOLDER, site_name=config.site_name,
                            site_url=config.site_url or "", description=config.site_description or "")
        data = site_dir / opendata.FOLDER
        files = [crawlers.ROBOTS, *sorted(p.relative_to(site_dir).as_posix() for p in data.rglob("*") if p.is_file())]
        if self.command == "serve":
            self.served_derived = (key, files)
        return key, files

    @staticmethod
    def _valid_until(corpus: Corpus, site: Site) -> float | None:
        """Until when this site stays right with its inputs unchanged (epoch seconds): the
        next scheduled article's time, and the new year (the front page marks the current
        year); None (never) when no article is listed (list dates then say "now")."""
        if not site.articles:
            return None
        new_year = dt.datetime(corpus.now.year + 1, 1, 1, tzinfo=VN_TZ)
        scheduled = [a.date for a in corpus.articles if not a.draft and a.is_scheduled(corpus.now)]
        return min([new_year, *scheduled]).timestamp()

    def _index(self, site_dir: Path, order: list[str]) -> None:
        if self.command == "serve":
            self.indexer.request(site_dir)
            return
        stream, self.stream = self.stream, None
        changed, self.changed_search = self.changed_search, None
        # Where the chunks' words start, kept for the next update (pagefind_merge.ChunkWords);
        # a full build took it when it began.
        kept = stream.kept if stream is not None and stream.kept is not None else pagefind_merge.ChunkWords(
            self.root / pagefind_merge.CHUNK_WORDS)
        try:
            # INFO: a skipped re-cut leaves a working index; --strict must not fail on it.
            if stream is not None:
                stream.finish(site_dir, warn=log.info)
            elif changed is not None and self.reuse is not None:
                how = search_update.update(self.reuse.site / search.BUNDLE, self.reuse.record.search, order,
                                           changed, site_dir, warn=log.info, kept=kept)
                if how != "rebuilt":  # the bundle a clean build writes: kept for the next full build
                    kept.record_updated(pagefind_merge.merge_key(pagefind_merge.pc.TARGET_BYTES),
                                        site_dir / search.BUNDLE, self.reuse.record.search, order, changed)
            else:
                search.index(site_dir, warn=log.info)
            kept.save()
        except search.SearchIndexError as error:
            raise PluginError(f"bantin: không tạo được chỉ mục tìm kiếm: {error}") from None

    # The pages shared with a second process (bantin/worker.py) ---------------------------

    # After every other plugin's on_env: the child renders with the environment as final.
    @event_priority(-100)
    def _start_worker(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self.worker = None
        self.split = None
        pages = self._worker_pages(files, config)
        if pages:
            doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
            nav = self.nav

            def render(page: Page) -> None:  # as MkDocs' own loop renders a page
                mkdocs_build._build_page(page, config, doc_files, nav, env, excluded=page.file.inclusion.is_excluded())

            try:
                most = os.environ.get("BANTIN_WORKER_FRONT")  # (tests: the most pages MkDocs' loop takes)
                split = worker.Split(len(pages), int(most) if most else None)
            except (OSError, ValueError):  # no shared memory or lock here: one process renders
                return env
            self.worker = worker.start(pages, split, render, self._in_worker)
            if self.worker is not None:
                self.split = split
                for index, page in enumerate(pages):  # MkDocs' loop (--dirty) renders those it takes
                    page.file.is_modified = partial(split.parent_takes, index)  # type: ignore[method-assign]
                log.info("Dựng các trang bằng hai tiến trình cùng lúc.")
        return env

    def _worker_pages(self, files: Files, config: MkDocsConfig) -> list[Page]:
        """The pages the two processes share: every page this build renders, in a build
        by `make build` (--dirty: MkDocs' loop can leave pages out), when they are many
        (BANTIN_WORKER_MIN, 50), every plugin of the site is one known to keep nothing of
        a page it sees rendered (another's record of the child's pages would be lost),
        and Pagefind is not to index the articles as they render (the search index the
        last build's, or updated at the end): Pagefind's processes and a second
        rendering process together would pass the memory the build may take.
        BANTIN_WORKER=0: none."""
        if (self.command != "build" or not self.dirty or self.preview or os.environ.get("BANTIN_WORKER") == "0"
                or not set(config.plugins) <= WORKER_PLUGINS or (self.stream is not None and not self.stream.holding)):
            return []
        try:
            least = int(os.environ.get("BANTIN_WORKER_MIN", worker.MIN_PAGES))
        except ValueError:
            least = worker.MIN_PAGES
        pages = [file.page for file in files.documentation_pages(inclusion=InclusionLevel.is_included)
                 if file.page is not None and file.is_modified()]  # (not linked from the last site)
        return pages if len(pages) >= max(least, 1) else []  # type: ignore[return-value]

    def _in_worker(self) -> Callable[[], list[str]]:
        """In the child: the search stream and the index update are the parent's; what
        reports the child's pages that carry the search mark (the parent hands them on;
        no page is rendered before the fork)."""
        self.stream = None
        self.changed_search = None
        return lambda: [url for _, url in self.doc_order if url in self.rendered_marked]

    # Before every other plugin's on_post_build (and bantin's own): every page is written.
    @event_priority(100)
    def _join_worker(self, *, config: MkDocsConfig) -> None:
        running, self.worker = self.worker, None
        if running is None:
            return
        if self.stream is not None:  # this process's pages are rendered: its part is finished meanwhile
            self.stream.close_part()
        try:
            report = running.join()
        except worker.WorkerFailed as error:
            raise PluginError(f"bantin: {error}") from None
        if self.split is not None:
            log.info(f"Tiến trình thứ hai đã dựng {self.split.child_taken()} trang.")
        self.split = None
        # The child's pages come after this process's: handed on now, in their order.
        for url in report["marked"]:
            if self.stream is None and self.changed_search is None:
                self.rendered_marked.add(url)
                continue
            try:
                html = (Path(config.site_dir) / urls.page_file(url)).read_text(encoding="utf-8")
            except OSError as error:
                raise PluginError(f"bantin: không đọc lại được trang vừa dựng {urls.page_file(url)}. "
                                  f"{machine_fault(error)}") from None
            self._index_page(url, html)

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.nav = nav
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # Tabs, navigation and page configuration rendered once per shape (bantin/chrome.py).
        self.chrome = chrome.install(env, self.nav)
        # A new environment each build: its templates need not be checked for changes at
        # each use (Jinja looks at the file's time every time a page includes one).
        env.auto_reload = False
        # Templates compiled by the last build or rebuild (bantin/templatecache.py).
        if self.templates is None or self.templates.folder != self.root / templatecache.FOLDER:
            self.templates = templatecache.TemplateCache(self.root / templatecache.FOLDER)
        env.bytecode_cache = self.templates
        # The theme's own templates (header search form, feed links) take URLs from here too.
        env.globals["bantin_urls"] = urls
        # Footer links to hand-written pages, where this site has them.
        env.globals["bantin_footer_links"] = [
            (title, file.url) for uri, title in FOOTER_PAGES if (file := files.get_file_from_path(uri))]
        # "Giới thiệu" leads the footer's links, where this site has the page (no link to a 404).
        about = files.get_file_from_path("gioi-thieu.md")
        env.globals["bantin_about_url"] = about.url if about else None
        # The 404 page has no `page`: main.html falls back to these tags.
        env.globals["bantin_site_head"] = share.page_tags(
            title=config.site_name, description=config.site_description, url=None, site_url=config.site_url,
            site_name=config.site_name, image=self.site_card, image_size=sharecard.SIZE)
        self.doc_order = []
        for file in files.documentation_pages():
            if file.page is not None:
                self.doc_order.append((file.src_uri, urls.from_mkdocs(file.page.url)))
                if file.src_uri in self._reused():
                    self._sitemap_facts(file.page)  # not rendered: on_page_markdown does not run
        # `mkdocs build`: Pagefind indexes each page as it is written (search_stream);
        # `make build` reusing pages: only the rendered ones are kept, for the index update.
        self._stop_stream()
        if self.config.search and self._reused():
            self.changed_search = {}
        elif self.config.search and self.command != "serve" and (not self.dirty or self.reuse is not None):
            try:
                # In parts: Pagefind's memory grows with the pages it holds (about 0,24 MB
                # a page); a new process per part, merged at the end, bounds it.
                # `make build`: the last good site's bundle, linked if the articles hand
                # Pagefind the same as when it was merged.
                self.stream = pagefind_merge.PartStream(
                    SEARCH_PART, kept=pagefind_merge.ChunkWords(self.root / pagefind_merge.CHUNK_WORDS),
                    previous=self.reuse.site / search.BUNDLE if self.reuse is not None else None,
                    site_dir=Path(config.site_dir))
            except OSError as error:  # its scratch folder
                raise PluginError(f"bantin: không tạo được thư mục tạm cho chỉ mục tìm kiếm. "
                                  f"{machine_fault(error)}") from None
        return env

    on_env = CombinedEvent(on_env, _start_worker)
    on_post_build = CombinedEvent(on_post_build, _join_worker)

    # Last, after every other plugin: Pagefind must see the page as it is written.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.shelf.repack(page)  # written below, by MkDocs: its HTML is in `output`
        output = markupfix.mend(output)
        # The banner exists only while `mkdocs serve` runs: a build with problems publishes nothing.
        if self.command == "serve" and self.problems:
            output = preview.with_banner(output, self.problems, urls.from_mkdocs(page.url))
        if search_stream.indexed(output):
            self._index_page(urls.from_mkdocs(page.url), output)
        return output

    def _index_page(self, url: str, output: str) -> None:
        """A rendered page that Pagefind indexes: handed to the search stream, or kept for
        the index update."""
        self.rendered_marked.add(url)
        if self.stream is not None:
            holding = self.stream.holding
            try:  # Pagefind's process for a part starts with its first page
                self.stream.add(url, output)
            except (OSError, search_stream.StreamError) as error:
                raise PluginError(f"bantin: không chạy được Pagefind để lập chỉ mục tìm kiếm: {error}") from None
            if holding and not self.stream.holding and self.split is not None and self.worker is not None:
                # Pagefind indexes the articles after all (one is not as handed last time):
                # with Pagefind's processes, two rendering processes would pass the memory
                # the build may take. The child ends its page; this process renders the rest.
                self.split.stop_child()
        elif self.changed_search is not None:
            self.changed_search[url] = output

    def on_shutdown(self) -> None:
        # `mkdocs serve` stops: no search indexing left running behind it.
        self.indexer.stop()

    # Rendered pages are kept packed from the last on_page_content until their template
    # is rendered (bantin/pagememory.py: MkDocs holds every page's HTML to the end).
    @event_priority(-200)
    def _pack_page(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.shelf.pack_page(html, page)

    on_page_content = CombinedEvent(on_page_content, _pack_page)

    @event_priority(200)
    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Any) -> dict:
        if self.stream is not None and page.file.src_uri in self.list_uris:
            # The articles (the pages Pagefind indexes) come first (on_files): from the
            # first list page on, the part being filled is finished while the lists render.
            self.stream.close_part()
        self.shelf.unpack(page)
        return context

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        return markupfix.mend(output) if template_name.endswith(".html") else output

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
                 ) -> LiveReloadServer:
        for folder in (self.articles_dir, self.photos_dir, self.vocab_dir):
            if folder.is_dir():
                server.watch(str(folder))
        # A save is seen as it happens, not at MkDocs' next poll (bantin/watching.py).
        why = watching.use_notifications(server)
        if why is not None:
            log.info(f"Xem trước: kiểm tra tệp đã sửa mỗi nửa giây ({why}).")
        # A rebuild the machine stops (full disk…): said in Vietnamese, not as a traceback.
        rebuild = server.builder

        def builder() -> None:
            try:
                rebuild()
            except OSError as error:
                raise Abort(machine_fault(error)) from None

        server.builder = builder
        return server

