// Bản tin's additions to Decap CMS, loaded after decap-cms.js (served from node_modules):
// Vietnamese phrases for the strings Decap's own `vi` locale leaves in English, and a
// preview pane close to the real article page, with a link to the live preview.
(function () {
  'use strict';
  var CMS = window.CMS;
  var settings = window.BANTIN_EDITOR || { collections: [] };

  // --- Vietnamese phrases -------------------------------------------------------------
  var extra = {
    collection: {
      collectionTop: { viewAs: 'Xem dạng', viewAsList: 'Xem dạng danh sách', viewAsGrid: 'Xem dạng lưới',
                       groupBy: 'Nhóm theo', filterBy: 'Lọc theo' },
      entries: { unpublishedHeader: 'Bài chưa đăng' },
      groups: { other: 'Khác', negateLabel: 'Không %{label}' }
    },
    editor: {
      editorControl: { field: { widgetLabel: 'Trường %{widgetLabel}' } },
      editorInterface: { togglePreview: 'Bật/tắt xem trước', toggleScrollSync: 'Cuộn đồng thời',
                         toggleI18n: 'Bật/tắt ngôn ngữ', toggleNotes: 'Bật/tắt ghi chú' },
      editorNotesPane: { title: 'Ghi chú', emptyState: 'Chưa có ghi chú.', addNote: 'Thêm ghi chú',
                         addPlaceholder: 'Thêm ghi chú…', editPlaceholder: 'Sửa ghi chú…', save: 'Lưu',
                         cancel: 'Huỷ', edit: 'Sửa', delete: 'Xoá', resolve: 'Đã xử lý', unresolve: 'Chưa xử lý',
                         confirmDelete: 'Xoá ghi chú này?', shortcut: 'Mẹo: Ctrl+Enter để thêm nhanh' },
      editorWidgets: {
        markdown: { bold: 'Đậm', italic: 'Nghiêng', strikethrough: 'Gạch ngang', code: 'Mã', link: 'Liên kết',
                    linkPrompt: 'Nhập địa chỉ của liên kết', headings: 'Tiêu đề', quote: 'Trích dẫn',
                    bulletedList: 'Danh sách gạch đầu dòng', numberedList: 'Danh sách đánh số',
                    addComponent: 'Thêm thành phần', toggleMode: { rich: 'Chuyển sang soạn thảo trực quan',
                    markdown: 'Chuyển sang Markdown' } },
        image: { chooseMultiple: 'Chọn ảnh', chooseUrl: 'Chèn từ địa chỉ web', replaceUrl: 'Thay bằng địa chỉ web',
                 promptUrl: 'Nhập địa chỉ của ảnh', addMore: 'Thêm ảnh', removeAll: 'Bỏ hết ảnh' },
        file: { chooseUrl: 'Chèn từ địa chỉ web', chooseMultiple: 'Chọn tệp', replaceUrl: 'Thay bằng địa chỉ web',
                promptUrl: 'Nhập địa chỉ của tệp', addMore: 'Thêm tệp', removeAll: 'Bỏ hết tệp' },
        datetime: { setToNow: 'Đặt %{fieldLabel} là bây giờ' },
        list: { add: 'Thêm %{item}', addType: 'Thêm %{item}' },
        object: { expand: 'Mở rộng', collapse: 'Thu gọn' }
      }
    },
    mediaLibrary: {
      mediaLibraryCard: { copy: 'Sao chép', copyUrl: 'Sao chép địa chỉ', copyPath: 'Sao chép đường dẫn',
                          copyName: 'Sao chép tên', copied: 'Đã sao chép' },
      mediaLibraryModal: { close: 'Đóng' }
    },
    ui: { settingsDropdown: { account: 'Tài khoản' } }
  };

  // Ours win: Decap's `vi` lacks these keys (it falls back to English) or has them in English.
  function merge(base, more) {
    var out = {};
    Object.keys(base || {}).forEach(function (k) { out[k] = base[k]; });
    Object.keys(more).forEach(function (k) {
      out[k] = (more[k] && typeof more[k] === 'object') ? merge(out[k], more[k]) : more[k];
    });
    return out;
  }
  CMS.registerLocale('vi', merge(CMS.getLocale('vi') || {}, extra));

  // --- Preview pane ---------------------------------------------------------------------
  var h = window.h;

  function fold(text) {
    return String(text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd')
      .toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'bai-viet';
  }
  function parts(value) {
    // "18/08/2022 14:32", "18/08/2022", "2022-08-18", "2022-08-18 14:32"
    var s = String(value || ''), m;
    if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?/.exec(s))) return { d: m[1], mo: m[2], y: m[3], t: m[4] ? m[4] + ':' + m[5] : '' };
    if ((m = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2}))?/.exec(s))) return { d: m[3], mo: m[2], y: m[1], t: m[4] ? m[4] + ':' + m[5] : '' };
    return null;
  }
  function pad(n) { return ('0' + n).slice(-2); }
  function toJS(value) { return value && value.toJS ? value.toJS() : value; }

  var css = [
    'body{font-family:system-ui,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1d1d1f;margin:0;padding:16px 24px;line-height:1.6}',
    '.bt-live{display:inline-block;margin-bottom:12px;font-size:14px}',
    '.bt-meta{color:#555;font-size:14px;margin:0 0 12px}',
    'h1{font-size:28px;line-height:1.25;margin:4px 0 8px}',
    'figure{margin:12px 0}figure img{max-width:100%;height:auto;display:block}figcaption{font-size:14px;color:#555}',
    'table{border-collapse:collapse;width:100%;font-size:14px;margin:12px 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}',
    'th{background:#f1f3f5}.bt-draft{background:#fff3cd;padding:2px 8px;border-radius:4px;font-size:13px}'
  ].join('\n');
  CMS.registerPreviewStyle(css, { raw: true });

  var ArticlePreview = window.createClass({
    render: function () {
      var entry = this.props.entry;
      var data = toJS(entry.get('data')) || {};
      var when = parts(data.date);
      var year = when ? when.y : '';
      var slug = data.slug ? fold(data.slug) : fold(data.title);
      var live = year ? '/bai-viet/' + year + '/' + slug + '/' : null;
      var children = [];
      if (live) {
        children.push(h('a', { className: 'bt-live', href: live, target: '_blank', rel: 'noopener' },
          'Mở trang thật trong bản xem trước (sau khi lưu) ↗'));
      }
      if (data.draft) children.push(h('p', {}, h('span', { className: 'bt-draft' }, 'Bản nháp: không đăng khi xuất bản')));
      children.push(h('h1', {}, data.title || '(chưa có tiêu đề)'));
      var meta = [];
      if (when) meta.push(pad(when.d) + '/' + pad(when.mo) + '/' + when.y + (when.t ? ' ' + when.t : ''));
      if (data.category) meta.push(data.category);
      if (data.authors && data.authors.length) meta.push(data.authors.join(', '));
      if (data.source) meta.push('Theo ' + data.source);
      children.push(h('p', { className: 'bt-meta' }, meta.join(' · ')));
      if (data.summary) children.push(h('p', {}, h('strong', {}, data.summary)));
      var photos = data.photos || [];
      if (photos.length && photos[0] && photos[0].file) {
        var lead = photos[0];
        var asset = this.props.getAsset(lead.file);
        children.push(h('figure', {},
          h('img', { src: asset ? asset.toString() : '', alt: lead.alt || '' }),
          h('figcaption', {}, [lead.caption || '', lead.credit ? ' Ảnh: ' + lead.credit : ''].join(''))));
      }
      children.push(h('div', { className: 'bt-body' }, this.props.widgetFor('body')));
      var awards = data.awards || [];
      if (awards.length) {
        children.push(h('h2', {}, 'Khen thưởng'));
        children.push(h('table', { className: 'bt-awards' },
          h('thead', {}, h('tr', {}, ['Hình thức', 'Cấp khen', 'Đối tượng', 'Số lượng', 'Người, đơn vị được khen']
            .map(function (t) { return h('th', { key: t }, t); }))),
          h('tbody', {}, awards.map(function (a, i) {
            var names = (a.recipients || []).map(function (r) {
              if (typeof r === 'string') return r;
              if (r && r.public === false) return '(không công bố tên)';
              return [r && r.rank, r && r.name].filter(Boolean).join(' ') + (r && r.unit ? ' (' + r.unit + ')' : '');
            });
            var count = a.count || (a.recipients || []).length || '';
            return h('tr', { key: i },
              h('td', {}, [a.award, a.name].filter(Boolean).join(': ')),
              h('td', {}, a.issuer || ''),
              h('td', {}, a.recipient_type || ''),
              h('td', {}, String(count)),
              h('td', {}, names.join('; ')));
          }))));
      }
      var stats = data.stats || [];
      if (stats.length) {
        children.push(h('h2', {}, 'Số liệu'));
        children.push(h('table', {}, h('tbody', {}, stats.map(function (s, i) {
          var change = s.change === undefined || s.change === null || s.change === '' ? ''
            : (String(s.change).trim().charAt(0) === '-' ? 'giảm ' + String(s.change).trim().slice(1) : 'tăng ' + s.change) + '%';
          var figure = [s.value, s.total ? '/ ' + s.total : '', s.percent ? '(' + s.percent + '%)' : '', change]
            .filter(function (x) { return x !== undefined && x !== null && x !== ''; }).join(' ');
          return h('tr', { key: i }, h('td', {}, s.metric || ''), h('td', {}, figure), h('td', {}, s.area || ''));
        }))));
      }
      return h('article', {}, children);
    }
  });
  settings.collections.forEach(function (name) { CMS.registerPreviewTemplate(name, ArticlePreview); });

  // --- Dates as the writers and the checker write them ------------------------------
  // Decap's datetime widget is the browser's own date input: its display follows the
  // browser's language (mm/dd/yyyy with AM/PM on an English Windows), and it shows
  // nothing for a date-only value in a date-and-time field. This text field shows and
  // stores 18/08/2022 or 18/08/2022 14:32 (24 h), checks the form, and offers today.
  var DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
  var DATETIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$/;
  var ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/;
  function validDate(text, withTime) {
    var m = (withTime ? DATETIME : DATE).exec(text), iso = ISO.exec(text);
    var d, mo, y, hh = 0, mi = 0;
    if (m) { d = +m[1]; mo = +m[2]; y = +m[3]; if (m[4]) { hh = +m[4]; mi = +m[5]; } }
    else if (iso && (withTime || !iso[4])) { y = +iso[1]; mo = +iso[2]; d = +iso[3]; if (iso[4]) { hh = +iso[4]; mi = +iso[5]; } }
    else return false;
    var day = new Date(y, mo - 1, d);
    return day.getFullYear() === y && day.getMonth() === mo - 1 && day.getDate() === d && hh < 24 && mi < 60;
  }
  function nowText(withTime) {
    // Vietnam time (UTC+7), whatever the computer's time zone.
    var t = new Date(Date.now() + 7 * 3600 * 1000);
    var text = pad(t.getUTCDate()) + '/' + pad(t.getUTCMonth() + 1) + '/' + t.getUTCFullYear();
    return withTime ? text + ' ' + pad(t.getUTCHours()) + ':' + pad(t.getUTCMinutes()) : text;
  }
  var DateControl = window.createClass({
    withTime: function () { return !!this.props.field.get('time'); },
    isValid: function () {
      var value = this.props.value;
      if (value === undefined || value === null || value === '') return true; // `required` is Decap's check
      if (validDate(String(value).trim(), this.withTime())) return true;
      return { error: { message: 'Ngày chưa đúng: viết ' + (this.withTime() ? '18/08/2022 14:32 (giờ 24, có thể bỏ giờ)' : '18/08/2022') + '.' } };
    },
    render: function () {
      var self = this, withTime = this.withTime();
      var value = this.props.value === undefined || this.props.value === null ? '' : String(this.props.value);
      return h('div', { className: this.props.classNameWrapper, style: { display: 'flex', gap: '8px', alignItems: 'center' } },
        h('input', { id: this.props.forID, type: 'text', inputMode: 'numeric', value: value,
          placeholder: withTime ? 'ngày/tháng/năm giờ:phút, ví dụ 18/08/2022 14:32' : 'ngày/tháng/năm, ví dụ 18/08/2022',
          autoComplete: 'off', style: { flex: '1', border: 0, outline: 'none', font: 'inherit', background: 'transparent' },
          onChange: function (e) { self.props.onChange(e.target.value); },
          onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle }),
        h('button', { type: 'button', style: { whiteSpace: 'nowrap' },
          onClick: function () { self.props.onChange(nowText(withTime)); } }, withTime ? 'Bây giờ' : 'Hôm nay'));
    }
  });
  var DatePreview = window.createClass({
    render: function () { return h('p', {}, this.props.value ? String(this.props.value) : ''); }
  });
  CMS.registerWidget('ngay', DateControl, DatePreview);

  // --- `role` of an official: one or more roles ----------------------------------------
  // Writers (and the template) write "dự, phát biểu" as text; Decap's multiple select
  // shows a text value as empty. This shows it as its roles; the value changes (to a
  // list, which the checker reads too) only when the writer changes the roles.
  var SelectControl = CMS.getWidget('select').control;
  var RoleControl = window.createClass({
    render: function () {
      var value = this.props.value;
      if (typeof value === 'string') value = value.split(/\s*(?:,|;|\s+và\s+)\s*/).filter(Boolean);
      return h(SelectControl, Object.assign({}, this.props, { value: value }));
    }
  });
  CMS.registerWidget('vai-tro', RoleControl, CMS.getWidget('select').preview);

  // --- Selects from a vocabulary: a value written another way stays visible ------------
  // An article may use an alias (`UBND TP`) or a metric's id; Decap's select shows such a
  // value as empty. It is offered as one more option, so the form shows what the file says.
  var ChoiceControl = window.createClass({
    render: function () {
      var value = this.props.value, field = this.props.field;
      var options = field.get('options');
      if (typeof value === 'string' && value && options && !options.includes(value)) {
        field = field.set('options', options.push(value));
      }
      return h(SelectControl, Object.assign({}, this.props, { field: field }));
    }
  });
  CMS.registerWidget('chon', ChoiceControl, CMS.getWidget('select').preview);

  // --- `public` of a recipient: published unless set to false ------------------------
  // Decap's boolean shows an unset value as "off", and a default would make Decap put an
  // empty recipient into every new award; this box is ticked unless the value is false.
  var PublicControl = window.createClass({
    render: function () {
      var self = this, shown = this.props.value !== false;
      return h('label', { className: this.props.classNameWrapper, style: { display: 'flex', gap: '8px', alignItems: 'center' } },
        h('input', { id: this.props.forID, type: 'checkbox', checked: shown,
          onChange: function (e) { self.props.onChange(e.target.checked); } }),
        shown ? 'Tên được công bố' : 'Không công bố tên (chỉ được đếm)');
    }
  });
  CMS.registerWidget('cong-bo', PublicControl, window.createClass({
    render: function () { return h('p', {}, this.props.value === false ? 'Không công bố tên' : 'Công bố tên'); }
  }));

  CMS.init();
})();
