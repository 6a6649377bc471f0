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

  function formatSize(bytes) {
    if (bytes < 1000) {
      return bytes === 1 ? '1 byte' : bytes + ' bytes';
    }
    var units = ['KB', 'MB', 'GB', 'TB', 'PB'];
    var value = bytes;
    var unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    var text = value >= 100 || value === Math.round(value) ? value.toFixed(0) : value.toFixed(1);
    return text + ' ' + units[unit];
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
    declarationText.textContent = n === 1
      ? 'By selecting Submit, I agree that this 1 file is relevant to the incident.'
      : 'By selecting Submit, I agree that these ' + n + ' files are relevant to the incident.';
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
    button.appendChild(document.createTextNode('Remove'));
    var hidden = document.createElement('span');
    hidden.className = 'govuk-visually-hidden';
    hidden.textContent = ' ' + name;
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
      say(name + ' removed.');
      fileInput.focus();
    }).catch(function () {
      say(name + ' could not be removed. Try again.');
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
    progress.setAttribute('aria-label', 'Upload progress for ' + shownName);
    var state = document.createElement('span');
    state.className = 'ek-file__status govuk-body-s';
    state.textContent = 'Waiting';
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
      entry.state.textContent = 'Too big: each file must be ' + formatSize(maxFileBytes) + ' or smaller';
      entry.li.className = 'ek-file ek-file--error';
      entry.progress.parentNode.removeChild(entry.progress);
      say(shown + ' is too big to send.');
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
      say(shown + ' removed.');
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
          entry.state.textContent = 'Uploading ' + percent + '%';
        },
        onAfterResponse: function (request, response) {
          var received = response.getHeader('Evidence-Item');
          if (received) {
            item = received;
            sha256 = response.getHeader('Evidence-Sha256');
          }
        },
        onError: function () {
          pending--;
          entry.li.className = 'ek-file ek-file--error';
          entry.state.textContent = 'Not sent. Remove it and try again';
          say(shown + ' could not be sent.');
        },
        onSuccess: function () {
          pending--;
          if (!item) {
            entry.state.textContent = 'Not confirmed. Remove it and try again';
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
          entry.state.appendChild(document.createTextNode(' Received'));
          var remove = removeButton(entry.li, shown, function () {
            removeItem(entry.li, item, shown);
          });
          entry.li.replaceChild(remove, cancel);
          updateDeclaration();
          say(shown + ' received.');
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
      entry.state.textContent = 'Not sent. Reload the page and try again';
      say('The upload could not start. Reload the page and try again.');
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
      say('Wait until every file shows Received, then select Submit.');
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
