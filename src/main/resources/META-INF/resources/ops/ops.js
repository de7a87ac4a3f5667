// The operator console: plain fetch() against the REST API, with the login the browser already holds for /ops.
(function () {
    'use strict';

    var REFRESH_MS = 5000;
    var refreshTimer = null;
    var currentView = null;
    var currentGroup = null;
    var currentLetter = null;

    function byId(id) {
        return document.getElementById(id);
    }

    /** An element with attributes ("text" sets its text, "on*" adds a listener) and children. */
    function el(tag, attributes, children) {
        var node = document.createElement(tag);
        Object.keys(attributes || {}).forEach(function (name) {
            var value = attributes[name];
            if (value === null || value === undefined) {
                return;
            }
            if (name === 'text') {
                node.textContent = String(value);
            } else if (name === 'class') {
                node.className = value;
            } else if (name.indexOf('on') === 0) {
                node.addEventListener(name.substring(2), value);
            } else {
                node.setAttribute(name, value);
            }
        });
        (children || []).forEach(function (child) {
            node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
        });
        return node;
    }

    function clear(node) {
        while (node.firstChild) {
            node.removeChild(node.firstChild);
        }
        return node;
    }

    /** Calls the API; resolves with the JSON body, rejects with the problem's detail (RFC 9457) or the status. */
    function api(method, path, body) {
        var init = { method: method, credentials: 'same-origin', headers: { 'Accept': 'application/json' } };
        if (body !== undefined) {
            init.headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify(body);
        }
        // Absolute, from the origin alone: relative to a page opened as http://user:password@host/ops/, the URL would
        // carry the credentials, which fetch() refuses. The browser sends the login it holds for this origin.
        var url = location.protocol + '//' + location.host + path;
        return fetch(url, init).then(function (response) {
            if (response.ok) {
                return response.json();
            }
            var type = response.headers.get('Content-Type') || '';
            var problem = type.indexOf('json') >= 0 ? response.json() : Promise.resolve({});
            return problem.catch(function () { return {}; }).then(function (details) {
                var error = new Error(problemText(response.status, details));
                error.status = response.status;
                throw error;
            });
        });
    }

    function problemText(status, problem) {
        if (status === 401) {
            return 'Not logged in: the console needs the administrator\'s login (401)';
        }
        if (status === 403) {
            return 'This login may not operate the pipeline: the console needs the administrator (403)';
        }
        return (problem.detail || problem.title || 'HTTP ' + status) + ' (' + status + ')';
    }

    function showStatus(text, isError) {
        var status = byId('status');
        status.textContent = text || '';
        status.className = isError ? 'status error' : 'status';
    }

    function failed(error) {
        showStatus(error.message, true);
    }

    function number(value) {
        return value === null || value === undefined ? '–' : String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    }

    function duration(seconds) {
        if (seconds === null || seconds === undefined) {
            return '–';
        }
        if (seconds < 60) {
            return seconds + ' s';
        }
        if (seconds < 3600) {
            return Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s';
        }
        return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
    }

    function time(iso) {
        return iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '–';
    }

    function preciseTime(iso) {
        return iso ? iso.replace('T', ' ').replace(/(\.\d{1,3})?\d*Z$/, function (all, fraction) {
            return (fraction || '.000') + ' UTC';
        }) : '';
    }

    /** How long after the order was placed: milliseconds up to 10 s, then minutes and seconds. */
    function offset(ms) {
        var sign = ms < 0 ? '−' : '+';
        ms = Math.abs(ms);
        return sign + (ms < 10000 ? number(ms) + ' ms' : duration(Math.round(ms / 1000)));
    }

    function millis(iso) {
        return Date.parse(iso.replace(/(\.\d{3})\d*Z$/, '$1Z'));
    }

    function shorten(text, length) {
        return !text ? '' : text.length <= length ? text : text.substring(0, length - 1) + '…';
    }

    function shortClass(name) {
        return name ? name.substring(name.lastIndexOf('.') + 1) : '(none recorded)';
    }

    function query(parameters) {
        var parts = [];
        Object.keys(parameters).forEach(function (name) {
            if (parameters[name] !== null && parameters[name] !== undefined) {
                parts.push(encodeURIComponent(name) + '=' + encodeURIComponent(parameters[name]));
            }
        });
        return parts.length ? '?' + parts.join('&') : '';
    }

    // ---- views: #overview, #dead-letters, #order/<id>

    function route() {
        var hash = location.hash.replace(/^#/, '') || 'overview';
        var view = hash.split('/')[0];
        if (['overview', 'dead-letters', 'order'].indexOf(view) < 0) {
            view = 'overview';
        }
        currentView = view;
        ['overview', 'dead-letters', 'order'].forEach(function (name) {
            byId('view-' + name).hidden = name !== view;
        });
        Array.prototype.forEach.call(document.querySelectorAll('nav a'), function (link) {
            link.className = link.getAttribute('data-view') === view ? 'active' : '';
        });
        scheduleRefresh();
        if (view === 'overview') {
            loadOverview();
        } else if (view === 'dead-letters') {
            var letterId = hash.split('/')[1];
            loadGroups().then(function () {
                if (letterId) {
                    openLetter(decodeURIComponent(letterId));
                }
            });
        } else if (hash.indexOf('order/') === 0) {
            loadTimeline(decodeURIComponent(hash.substring('order/'.length)));
        }
    }

    function scheduleRefresh() {
        if (refreshTimer !== null) {
            clearInterval(refreshTimer);
            refreshTimer = null;
        }
        if (currentView === 'overview' && byId('auto-refresh').checked) {
            refreshTimer = setInterval(loadOverview, REFRESH_MS);
        }
    }

    // ---- overview

    function loadOverview() {
        return api('GET', '/api/ops/overview').then(renderOverview).catch(failed);
    }

    function setCount(id, value, alertAbove) {
        var node = byId(id);
        node.textContent = number(value);
        node.className = alertAbove !== undefined && value > alertAbove ? 'alert' : '';
    }

    function renderOverview(overview) {
        showStatus('');
        byId('overview-at').textContent = time(overview.at);
        setCount('outbox-unpublished', overview.outbox.unpublished);
        byId('outbox-oldest').textContent = duration(overview.outbox.oldestAgeSeconds);
        setCount('outbox-failing', overview.outbox.failing, 0);
        setCount('outbox-parked', overview.outbox.parked, 0);
        setCount('orders-in-flight', overview.orders.inFlight);
        setCount('orders-stuck', overview.orders.stuck, 0);
        byId('orders-max-in-flight').textContent = 'after ' + duration(overview.orders.maxInFlightSeconds);
        setCount('emails-hour', overview.emails.sentLastHour);
        setCount('emails-day', overview.emails.sentLastDay);
        setCount('emails-failed', overview.emails.failed, 0);
        setCount('dead-letters-new', overview.deadLetters.NEW, 0);
        setCount('dead-letters-replayed', overview.deadLetters.REPLAYED);
        setCount('dead-letters-discarded', overview.deadLetters.DISCARDED);

        var unavailable = byId('lag-unavailable');
        unavailable.hidden = !overview.consumers.unavailable;
        unavailable.textContent = overview.consumers.unavailable
            ? 'Consumer lag cannot be read from this instance: ' + overview.consumers.unavailable : '';
        var rows = clear(byId('lag').tBodies[0]);
        overview.consumers.groups.forEach(function (group) {
            var topics = group.topics.map(function (topic) { return topic.topic + ' ' + number(topic.lag); }).join(' · ');
            rows.appendChild(el('tr', { 'data-group': group.group }, [
                el('td', { text: group.group }),
                el('td', { 'class': 'number', text: number(group.lag) }),
                el('td', { 'class': 'muted', text: topics || 'no committed offsets' })
            ]));
        });
    }

    // ---- dead letters

    function loadGroups() {
        var status = byId('group-status').value;
        return api('GET', '/api/dead-letters/groups' + query({ status: status || null })).then(function (groups) {
            renderGroups(groups);
            if (currentGroup) {
                loadLetters();
            }
        }).catch(failed);
    }

    function groupKey(group) {
        return [group.source, group.destination, group.consumer, group.exceptionClass].join('|');
    }

    function renderGroups(groups) {
        var rows = clear(byId('groups').tBodies[0]);
        var onlyNew = byId('group-status').value === 'NEW';
        byId('groups-empty').hidden = groups.length > 0;
        groups.forEach(function (group) {
            var actions = [el('button', { type: 'button', 'class': 'letters secondary', text: 'Letters',
                onclick: function () { selectGroup(group); } })];
            if (onlyNew) {
                actions.push(el('button', { type: 'button', 'class': 'replay-group', text: 'Replay all',
                    onclick: function () { replayGroup(group); } }));
            }
            var selected = currentGroup && groupKey(currentGroup) === groupKey(group);
            rows.appendChild(el('tr', { 'data-key': groupKey(group), 'class': selected ? 'selected' : null }, [
                el('td', {}, [el('span', { 'class': 'badge', text: group.source }), group.destination]),
                el('td', { text: group.consumer }),
                el('td', { title: group.exceptionClass, text: shortClass(group.exceptionClass) }),
                el('td', { 'class': 'number count', text: number(group.count) }),
                el('td', { text: time(group.firstFailureAt) }),
                el('td', { text: time(group.lastFailureAt) }),
                el('td', { 'class': 'reason', title: group.latestReason, text: shorten(group.latestReason, 120) }),
                el('td', { 'class': 'row-actions' }, actions)
            ]));
        });
    }

    function selectGroup(group) {
        currentGroup = group;
        renderSelection();
        loadLetters();
    }

    function renderSelection() {
        Array.prototype.forEach.call(byId('groups').tBodies[0].rows, function (row) {
            row.className = currentGroup && row.getAttribute('data-key') === groupKey(currentGroup) ? 'selected' : '';
        });
    }

    function loadLetters() {
        var group = currentGroup;
        var status = byId('group-status').value;
        var parameters = { source: group.source, destination: group.destination, consumer: group.consumer,
            exceptionClass: group.exceptionClass, status: status || null, size: 100 };
        return api('GET', '/api/dead-letters' + query(parameters)).then(function (page) {
            byId('letters-panel').hidden = false;
            byId('letters-title').textContent = group.consumer + ' on ' + group.destination + ', '
                + shortClass(group.exceptionClass) + (status ? ', ' + status : '') + ' (' + number(page.total) + ')';
            var rows = clear(byId('letters').tBodies[0]);
            page.items.forEach(function (letter) {
                rows.appendChild(el('tr', { 'data-id': letter.id, 'data-message-key': letter.key,
                    'class': currentLetter === letter.id ? 'selected' : null }, [
                    el('td', { text: time(letter.lastFailureAt) }),
                    el('td', {}, [el('code', { text: letter.messageId }), el('br'),
                        el('code', { 'class': 'muted', text: letter.key ? 'key ' + letter.key : 'no key' })]),
                    el('td', { text: letter.status }),
                    el('td', { 'class': 'reason', title: letter.reason, text: shorten(letter.reason, 60) }),
                    el('td', { 'class': 'row-actions' }, [
                        el('button', { type: 'button', 'class': 'inspect secondary', text: 'Inspect',
                            onclick: function () { inspect(letter.id); } }),
                        el('button', { type: 'button', 'class': 'replay', text: 'Replay',
                            disabled: letter.status === 'NEW' ? null : 'disabled',
                            onclick: function () { replayLetter(letter.id); } })
                    ])
                ]));
            });
        }).catch(failed);
    }

    function replayGroup(group) {
        var limit = Math.min(group.count, 10000);
        if (!window.confirm('Replay ' + limit + ' NEW dead letter(s) of ' + group.consumer + ' on ' + group.destination
                + ' (' + shortClass(group.exceptionClass) + '), oldest first, at the configured replay rate?')) {
            return;
        }
        showStatus('Replaying ' + limit + ' dead letter(s)…');
        api('POST', '/api/dead-letters/replay', { source: group.source, destination: group.destination,
            consumer: group.consumer, exceptionClass: group.exceptionClass, limit: limit }).then(function (report) {
            showStatus('Replayed ' + report.replayed + ', failed ' + report.failed);
            loadGroups();
        }).catch(failed);
    }

    /** Inspects a dead letter and lists the letters of its group beside it (the link #dead-letters/<id>). */
    function openLetter(id) {
        return inspect(id).then(function (letter) {
            if (letter) {
                currentGroup = { source: letter.source, destination: letter.destination, consumer: letter.consumer,
                    exceptionClass: letter.exceptionClass || '' };
                renderSelection();
                return loadLetters();
            }
        });
    }

    function inspect(id) {
        currentLetter = id;
        return api('GET', '/api/dead-letters/' + encodeURIComponent(id)).then(renderLetter).catch(failed);
    }

    function renderLetter(letter) {
        currentLetter = letter.id;
        byId('letter-panel').hidden = false;
        byId('letter-id').textContent = letter.id;
        byId('letter-replay').disabled = false;
        byId('letter-discard').disabled = letter.status === 'DISCARDED';
        var fields = clear(byId('letter-fields'));
        [['status', letter.status + (letter.replayCount ? ', replayed ' + letter.replayCount + '×' : '')],
            ['source', letter.source + ' ' + letter.destination], ['consumer', letter.consumer],
            ['message id', letter.messageId], ['key', letter.key], ['attempts', letter.attempts],
            ['first failure', time(letter.firstFailureAt)], ['last failure', time(letter.lastFailureAt)],
            ['reason', letter.reason], ['exception', letter.exceptionClass], ['cause', letter.cause]]
            .forEach(function (field) {
                fields.appendChild(el('dt', { text: field[0] }));
                fields.appendChild(el('dd', { 'class': 'field-' + field[0].replace(/ /g, '-'),
                    text: field[1] === null || field[1] === undefined ? '–' : field[1] }));
            });
        var headers = clear(byId('letter-headers').tBodies[0]);
        Object.keys(letter.headers || {}).sort().forEach(function (name) {
            headers.appendChild(el('tr', {}, [el('th', { text: name }), el('td', {}, [el('code', { text: letter.headers[name] })])]));
        });
        byId('letter-payload').textContent = letter.payloadText !== undefined && letter.payloadText !== null
            ? letter.payloadText : '(not UTF-8) base64: ' + letter.payloadBase64;
        Array.prototype.forEach.call(byId('letters').tBodies[0].rows, function (row) {
            row.className = row.getAttribute('data-id') === letter.id ? 'selected' : '';
        });
        return letter;
    }

    function replayLetter(id) {
        showStatus('Replaying ' + id + '…');
        return api('POST', '/api/dead-letters/' + encodeURIComponent(id) + '/replay').then(function (letter) {
            showStatus('Replayed ' + id + ': the broker took it');
            renderLetter(letter);
            return loadGroups();
        }).catch(failed);
    }

    function discardLetter(id) {
        if (!window.confirm('Discard dead letter ' + id + '? It will not be replayed.')) {
            return;
        }
        api('POST', '/api/dead-letters/' + encodeURIComponent(id) + '/discard').then(function () {
            showStatus('Discarded ' + id);
            inspect(id);
            loadGroups();
        }).catch(failed);
    }

    // ---- order timeline

    function loadTimeline(id) {
        byId('order-id').value = id;
        return api('GET', '/api/ops/orders/' + encodeURIComponent(id) + '/timeline').then(renderTimeline).catch(function (error) {
            byId('order-panel').hidden = true;
            failed(error);
        });
    }

    function renderTimeline(order) {
        showStatus('');
        byId('order-panel').hidden = false;
        byId('order-status').textContent = order.status;
        byId('order-customer').textContent = order.customerEmail;
        byId('order-total').textContent = Number(order.total).toFixed(2);
        byId('order-created').textContent = time(order.createdAt);
        byId('order-trace').textContent = order.traceId || '– (not recorded)';
        byId('order-events-note').textContent = order.publishedEventsKept
            ? 'Messages: the outbox rows still kept, published ones for app.outbox.retention.'
            : 'Messages: only those not published yet. Published messages are not kept '
                + '(app.outbox.keep-published=false deletes each outbox row once the broker acknowledged it).';
        var entries = [];
        order.history.forEach(function (step) {
            entries.push({ at: step.at, kind: 'status', badge: step.status, text: step.detail || '' });
        });
        order.events.forEach(function (event) {
            var published = event.publishedAt
                ? 'published after ' + (millis(event.publishedAt) - millis(event.createdAt)) + ' ms'
                : 'not published yet' + (event.attempts ? ' (' + event.attempts + ' attempts: ' + (event.lastError || '') + ')' : '');
            entries.push({ at: event.createdAt, kind: 'event', badge: event.transport,
                text: event.type + ' → ' + event.destination + ', ' + published });
        });
        order.emails.forEach(function (email) {
            entries.push({ at: email.sentAt, kind: 'email', badge: 'EMAIL', text: email.kind + ' sent, ' + email.messageId });
        });
        order.deadLetters.forEach(function (letter) {
            entries.push({ at: letter.firstFailureAt, kind: 'dead-letter', badge: 'DEAD LETTER',
                text: letter.consumer + ' gave up on a message of ' + letter.destination + ' after ' + letter.attempts
                    + ' attempt(s): ' + (letter.reason || '') + ' (' + letter.status + ') ',
                link: '#dead-letters/' + encodeURIComponent(letter.id) });
            if (letter.lastReplayedAt) {
                entries.push({ at: letter.lastReplayedAt, kind: 'replay', badge: 'REPLAYED',
                    text: 'dead letter of ' + letter.consumer + ' replayed' + (letter.replayCount > 1 ? ' (' + letter.replayCount + ' times, the last here)' : '') });
            }
        });
        entries.sort(function (a, b) { return millis(a.at) - millis(b.at); });
        var placed = millis(order.createdAt);
        var list = clear(byId('timeline'));
        entries.forEach(function (entry) {
            list.appendChild(el('li', { 'class': 'kind-' + entry.kind }, [
                el('time', { datetime: entry.at, text: preciseTime(entry.at) }),
                el('span', { 'class': 'offset', text: offset(millis(entry.at) - placed) }),
                el('span', { 'class': 'badge', text: entry.badge }),
                entry.text,
                entry.link ? el('a', { href: entry.link, text: 'inspect' }) : ''
            ]));
        });
    }

    // ---- wiring

    byId('auto-refresh').addEventListener('change', scheduleRefresh);
    byId('group-status').addEventListener('change', function () {
        currentGroup = null;
        byId('letters-panel').hidden = true;
        loadGroups();
    });
    byId('groups-refresh').addEventListener('click', loadGroups);
    byId('letter-replay').addEventListener('click', function () { replayLetter(currentLetter); });
    byId('letter-discard').addEventListener('click', function () { discardLetter(currentLetter); });
    byId('order-form').addEventListener('submit', function (event) {
        event.preventDefault();
        var id = byId('order-id').value.trim();
        if (!id) {
            return;
        }
        if (location.hash === '#order/' + encodeURIComponent(id)) {
            loadTimeline(id);
        } else {
            location.hash = '#order/' + encodeURIComponent(id);
        }
    });
    window.addEventListener('hashchange', route);
    route();
}());
