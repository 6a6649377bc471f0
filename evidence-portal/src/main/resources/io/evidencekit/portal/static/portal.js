// The request page, enhanced: files upload as soon as they are chosen or dropped, each through a
// resumable tus upload (tus-js-client), with a progress bar and a tick once the server has recorded
// the file durably. Without this script the page still works as plain HTML forms.
(function () {
  'use strict';
  var root = document.getElementById('ek-portal');
  if (!root || !window.tus || !window.fetch) {
    return;
  }
  var base = root.getAttribute('data-base');
  var csrf = root.getAttribute('data-csrf');
  var lang = root.getAttribute('data-lang') || 'en-GB';
  var messages = JSON.parse(root.getAttribute('data-messages') || '{}');
  var submission = root.getAttribute('data-submission') || '';
  var maxFileBytes = Number(root.getAttribute('data-max-file-bytes'));
  var list = document.getElementById('file-list');
  var status = document.getElementById('upload-status');
  var fileInput = document.getElementById('files');
  var folderInput = document.getElementById('folder');
  var dropzone = document.getElementById('dropzone');
  var declarationText = document.getElementById('declaration-text');
  var declaredCount = document.getElementById('declared-count');
  var submitForm = document.getElementById('submit-form');
  var pending = 0;
  var starting = null;
  var counter = 0;

  // Switch from the form upload to immediate uploads.
  document.getElementById('upload-button').hidden = true;
  document.getElementById('dropzone-text').hidden = false;
  document.getElementById('folder-group').hidden = false;

  function say(text) {
    status.textContent = text;
  }

  // The wording comes from the server's message bundle (java.text.MessageFormat patterns). This formats
  // the subset the bundle uses for the script: quotes ('' and 'quoted'), {n}, {n,number[,integer]} and
  // {n,choice,limit#text|limit<text...}, a choice's text formatted again when it holds a {.
  function formatNumber(n, integer) {
    try {
      return new Intl.NumberFormat(lang, integer ? { maximumFractionDigits: 0 } : {}).format(n);
    } catch (e) {
      return String(n);
    }
  }

  function choose(spec, n, args) {
    var options = [];
    var depth = 0;
    var start = 0;
    for (var i = 0; i < spec.length; i++) {
      var c = spec.charAt(i);
      if (c === '{') {
        depth++;
      } else if (c === '}') {
        depth--;
      } else if (c === '|' && depth === 0) {
        options.push(spec.substring(start, i));
        start = i + 1;
      }
    }
    options.push(spec.substring(start));
    var picked = null;
    for (var j = 0; j < options.length; j++) {
      var m = /^\s*(-?[0-9.]+|\u221E|-\u221E)\s*(#|<|\u2264)/.exec(options[j]);
      if (!m) {
        continue;
      }
      var limit = m[1] === '\u221E' ? Infinity : m[1] === '-\u221E' ? -Infinity : Number(m[1]);
      var text = options[j].substring(m[0].length);
      // As ChoiceFormat: the last option whose limit n reaches; below the first limit, the first option.
      if (picked === null || (m[2] === '<' ? n > limit : n >= limit)) {
        picked = text;
      }
    }
    picked = picked === null ? '' : picked;
    return picked.indexOf('{') >= 0 ? format(picked, args) : picked;
  }

  function format(pattern, args) {
    var out = '';
    var i = 0;
    while (i < pattern.length) {
      var c = pattern.charAt(i);
      if (c === "'") {
        if (pattern.charAt(i + 1) === "'") {
          out += "'";
          i += 2;
          continue;
        }
        var end = pattern.indexOf("'", i + 1);
        if (end < 0) {
          end = pattern.length;
        }
        out += pattern.substring(i + 1, end);
        i = end + 1;
        continue;
      }
      if (c === '{') {
        var depth = 1;
        var j = i + 1;
        while (j < pattern.length && depth > 0) {
          if (pattern.charAt(j) === '{') {
            depth++;
          } else if (pattern.charAt(j) === '}') {
            depth--;
          }
          j++;
        }
        var inner = pattern.substring(i + 1, j - 1);
        i = j;
        var first = inner.indexOf(',');
        var index = Number(first < 0 ? inner : inner.substring(0, first));
        var value = args[index];
        if (first < 0) {
          out += typeof value === 'number' ? formatNumber(value, false) : String(value);
          continue;
        }
        var rest = inner.substring(first + 1);
        var second = rest.indexOf(',');
        var type = (second < 0 ? rest : rest.substring(0, second)).trim();
        var style = second < 0 ? '' : rest.substring(second + 1);
        if (type === 'choice') {
          out += choose(style, Number(value), args);
        } else if (type === 'number') {
          out += formatNumber(Number(value), style.trim() === 'integer');
        } else {
          out += String(value);
        }
        continue;
      }
      out += c;
      i++;
    }
    return out;
  }

  function t(key) {
    var args = Array.prototype.slice.call(arguments, 1);
    return messages[key] === undefined ? key : format(messages[key], args);
  }

  // As the server's Messages.size: decimal units, 0 or 1 decimal places.
  function formatSize(bytes) {
    if (bytes < 1000) {
      return t('size.bytes', bytes);
    }
    var units = ['KB', 'MB', 'GB', 'TB', 'PB'];
    var value = bytes;
    var unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    var decimals = value >= 100 || value === Math.round(value) ? 0 : 1;
    var text;
    try {
      text = new Intl.NumberFormat(lang, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
    } catch (e) {
      text = value.toFixed(decimals);
    }
    return t('size.' + units[unit], text);
  }

  function visibleName(name) {
    // Same rule as the server: control and direction-changing characters are shown as [U+XXXX].
    return name.replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g,
      function (c) {
        return '[U+' + ('0000' + c.charCodeAt(0).toString(16).toUpperCase()).slice(-4) + ']';
      });
  }

  function received() {
    return list.querySelectorAll('li.ek-file--done').length;
  }

  function updateDeclaration() {
    var n = received();
    declarationText.textContent = t('declaration', n);
    declaredCount.value = String(n);
  }

  function setSubmission(id) {
    submission = id;
    root.setAttribute('data-submission', id);
    var fields = document.querySelectorAll('input[name="submission"]');
    for (var i = 0; i < fields.length; i++) {
      fields[i].value = id;
    }
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, '', base + '?s=' + encodeURIComponent(id));
    }
  }

  function ensureSubmission() {
    if (submission) {
      return Promise.resolve(submission);
    }
    if (!starting) {
      starting = fetch(base + '/start', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'X-CSRF-Token': csrf, 'Accept': 'application/json' }
      }).then(function (response) {
        if (!response.ok) {
          throw new Error('start failed: ' + response.status);
        }
        return response.json();
      }).then(function (body) {
        setSubmission(body.submission);
        return body.submission;
      }, function (error) {
        starting = null;
        throw error;
      });
    }
    return starting;
  }

  function removeButton(li, name, onRemove) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'govuk-button govuk-button--warning ek-button--small';
    button.appendChild(document.createTextNode(t('script.remove')));
    var hidden = document.createElement('span');
    hidden.className = 'govuk-visually-hidden';
    hidden.textContent = t('request.file.removeHidden', name);
    button.appendChild(hidden);
    button.addEventListener('click', onRemove);
    return button;
  }

  function removeItem(li, item, name) {
    var body = new URLSearchParams();
    body.set('csrf', csrf);
    body.set('submission', submission);
    body.set('item', item);
    return fetch(base + '/remove', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrf, 'Accept': 'application/json' },
      body: body
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('remove failed: ' + response.status);
      }
      li.parentNode.removeChild(li);
      updateDeclaration();
      say(t('script.removed', name));
      fileInput.focus();
    }).catch(function () {
      say(t('script.removeFailed', name));
    });
  }

  function addEntry(file, shownName) {
    var id = 'upload-' + (++counter);
    var li = document.createElement('li');
    li.className = 'ek-file ek-file--uploading';
    li.id = id;
    var nameEl = document.createElement('span');
    nameEl.className = 'ek-file__name';
    nameEl.setAttribute('dir', 'ltr');
    var bdi = document.createElement('bdi');
    bdi.textContent = shownName;
    nameEl.appendChild(bdi);
    var size = document.createElement('span');
    size.className = 'ek-file__size';
    size.textContent = formatSize(file.size);
    var progress = document.createElement('progress');
    progress.className = 'ek-file__progress';
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute('aria-label', t('script.progressLabel', shownName));
    var state = document.createElement('span');
    state.className = 'ek-file__status govuk-body-s';
    state.textContent = t('script.waiting');
    li.appendChild(nameEl);
    li.appendChild(size);
    li.appendChild(progress);
    li.appendChild(state);
    list.appendChild(li);
    return { li: li, progress: progress, state: state };
  }

  function upload(file) {
    var name = file.webkitRelativePath || file.name;
    var shown = visibleName(name);
    var entry = addEntry(file, shown);
    if (file.size > maxFileBytes) {
      entry.state.textContent = t('script.tooBig', formatSize(maxFileBytes));
      entry.li.className = 'ek-file ek-file--error';
      entry.progress.parentNode.removeChild(entry.progress);
      say(t('script.tooBigStatus', shown));
      return;
    }
    pending++;
    var item = null;
    var sha256 = null;
    var tusUpload = null;
    var cancel = removeButton(entry.li, shown, function () {
      if (tusUpload) {
        tusUpload.abort(true);
      }
      entry.li.parentNode.removeChild(entry.li);
      pending--;
      say(t('script.removed', shown));
    });
    entry.li.appendChild(cancel);
    ensureSubmission().then(function (id) {
      tusUpload = new window.tus.Upload(file, {
        endpoint: base + '/uploads',
        retryDelays: [0, 1000, 2000, 4000, 8000, 15000, 30000],
        chunkSize: 64 * 1024 * 1024,
        headers: { 'X-CSRF-Token': csrf },
        metadata: { filename: name, filetype: file.type || 'application/octet-stream', submission: id },
        removeFingerprintOnSuccess: true,
        onProgress: function (sent, total) {
          var percent = total === 0 ? 100 : Math.floor(sent * 100 / total);
          entry.progress.value = percent;
          entry.state.textContent = t('script.uploading', percent);
        },
        onAfterResponse: function (request, response) {
          var received = response.getHeader('Evidence-Item');
          if (received) {
            item = received;
            sha256 = response.getHeader('Evidence-Sha256');
          }
        },
        onError: function (error) {
          pending--;
          entry.li.className = 'ek-file ek-file--error';
          // The server explains a refusal (a limit, a full service) in a sentence of the page's language.
          var reason = '';
          var response = error && error.originalResponse;
          var code = response ? response.getStatus() : 0;
          if (response && (code === 400 || code === 404 || code === 409 || code === 410 || code === 413
              || code === 503 || code === 507)) {
            reason = (response.getBody() || '').trim();
          }
          entry.state.textContent = reason ? t('script.notSentBecause', reason) : t('script.notSent');
          say(t('script.sendFailed', shown));
        },
        onSuccess: function () {
          pending--;
          if (!item) {
            entry.state.textContent = t('script.notConfirmed');
            return;
          }
          entry.li.className = 'ek-file ek-file--done';
          entry.li.setAttribute('data-item', item);
          entry.li.setAttribute('data-sha256', sha256 || '');
          entry.progress.value = 100;
          entry.state.className = 'govuk-tag govuk-tag--green ek-file__status';
          entry.state.textContent = '';
          var tick = document.createElement('span');
          tick.setAttribute('aria-hidden', 'true');
          tick.textContent = '\u2713';
          entry.state.appendChild(tick);
          entry.state.appendChild(document.createTextNode(' ' + t('script.received')));
          var remove = removeButton(entry.li, shown, function () {
            removeItem(entry.li, item, shown);
          });
          entry.li.replaceChild(remove, cancel);
          updateDeclaration();
          say(t('script.receivedStatus', shown));
        }
      });
      tusUpload.findPreviousUploads().then(function (previous) {
        if (previous.length) {
          tusUpload.resumeFromPreviousUpload(previous[0]);
        }
        tusUpload.start();
      });
    }, function () {
      pending--;
      entry.state.textContent = t('script.startFailed');
      say(t('script.startFailedStatus'));
    });
  }

  function uploadAll(files) {
    for (var i = 0; i < files.length; i++) {
      upload(files[i]);
    }
  }

  // Folders dropped: walk their entries (Chrome, Edge, Firefox, Safari all support this API).
  function readEntry(entry, path) {
    return new Promise(function (resolve) {
      if (entry.isFile) {
        entry.file(function (file) {
          resolve([{ file: file, name: path + file.name }]);
        }, function () {
          resolve([]);
        });
      } else if (entry.isDirectory) {
        var reader = entry.createReader();
        var all = [];
        var next = function () {
          reader.readEntries(function (entries) {
            if (!entries.length) {
              Promise.all(all).then(function (lists) {
                resolve([].concat.apply([], lists));
              });
              return;
            }
            for (var i = 0; i < entries.length; i++) {
              all.push(readEntry(entries[i], path + entry.name + '/'));
            }
            next();
          }, function () {
            resolve([]);
          });
        };
        next();
      } else {
        resolve([]);
      }
    });
  }

  function filesFromDrop(dataTransfer) {
    var items = dataTransfer.items;
    var jobs = [];
    if (items && items.length) {
      for (var i = 0; i < items.length; i++) {
        if (items[i].kind !== 'file') {
          continue;
        }
        var entry = items[i].webkitGetAsEntry ? items[i].webkitGetAsEntry() : null;
        if (entry && entry.isDirectory) {
          jobs.push(readEntry(entry, ''));
        } else {
          var file = items[i].getAsFile();
          if (file) {
            jobs.push(Promise.resolve([{ file: file, name: file.name }]));
          }
        }
      }
    } else {
      for (var j = 0; j < dataTransfer.files.length; j++) {
        jobs.push(Promise.resolve([{ file: dataTransfer.files[j], name: dataTransfer.files[j].name }]));
      }
    }
    return Promise.all(jobs).then(function (lists) {
      return [].concat.apply([], lists);
    });
  }

  fileInput.addEventListener('change', function () {
    uploadAll(fileInput.files);
    fileInput.value = '';
  });
  folderInput.addEventListener('change', function () {
    uploadAll(folderInput.files);
    folderInput.value = '';
  });
  dropzone.addEventListener('click', function (event) {
    if (event.target !== fileInput) {
      fileInput.click();
    }
  });
  dropzone.addEventListener('dragover', function (event) {
    event.preventDefault();
    dropzone.classList.add('ek-dropzone--active');
  });
  dropzone.addEventListener('dragleave', function () {
    dropzone.classList.remove('ek-dropzone--active');
  });
  dropzone.addEventListener('drop', function (event) {
    event.preventDefault();
    dropzone.classList.remove('ek-dropzone--active');
    filesFromDrop(event.dataTransfer).then(function (found) {
      for (var i = 0; i < found.length; i++) {
        var f = found[i];
        if (f.name !== f.file.name) {
          // Keep the folder path as the file's name (metadata only, never a path on the server).
          try {
            Object.defineProperty(f.file, 'webkitRelativePath', { value: f.name });
          } catch (ignored) {
            // read-only in some browsers: the plain name is used
          }
        }
        upload(f.file);
      }
    });
  });

  submitForm.addEventListener('submit', function (event) {
    if (pending > 0) {
      event.preventDefault();
      say(t('script.waitForUploads'));
    }
  });

  // Files already received (listed by the server) are removed without reloading the page.
  var existing = list.querySelectorAll('li.ek-file--done');
  for (var k = 0; k < existing.length; k++) {
    (function (li) {
      var form = li.querySelector('form');
      if (!form) {
        return;
      }
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var name = li.querySelector('bdi').textContent;
        removeItem(li, li.getAttribute('data-item'), name);
      });
    })(existing[k]);
  }
  updateDeclaration();
})();
