/*
 * harness.js — what the browser tests of the parent portal stand on.
 *
 * A run gets a fresh database from the test cluster (ptl-testdb create), the
 * demonstration data (portail-cli demo load) unless told not to, the real
 * portail-web on a free loopback port serving the pages from the source
 * tree, and Debian's Chromium driven by playwright-core (never a downloaded
 * browser). Every page a test visits goes through visit(), which waits for
 * the page script to be ready and runs axe-core with the WCAG 2.1 A and AA
 * rules: any violation fails the test. Every page also records the errors
 * a person would not see: Content-Security-Policy refusals, uncaught
 * exceptions, and static files that failed to load.
 *
 * With { mail: true }, the fixture also starts a real SMTP server on a free
 * loopback port (Debian's python3-aiosmtpd, writing each message it
 * receives into a Maildir) and portail-web delivers its mail there
 * (PORTAIL_SMTP_URL); tests read the messages with mail.waitFor().
 *
 * Environment (set by tests/browser/meson.build):
 *   PTL_TESTDB, PORTAIL_CLI, PORTAIL_WEB  the three executables;
 *   PORTAIL_TEST_PG                       the test cluster (read by ptl-testdb);
 *   PORTAIL_BUILD_DIR                     where screenshots/ goes (else the cwd);
 *   PORTAIL_NODE_MODULES                  the npm packages (else ./node_modules);
 *   PORTAIL_CHROMIUM                      the browser (else /usr/bin/chromium);
 *   PORTAIL_PYTHON                        the Python with aiosmtpd (else /usr/bin/python3).
 */
'use strict';

const assert = require('node:assert/strict');
const childProcess = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const SOURCE_ROOT = path.resolve(__dirname, '..', '..');
const STATIC_DIR = path.join(SOURCE_ROOT, 'portail-web', 'static');
const NODE_MODULES = process.env.PORTAIL_NODE_MODULES || path.join(__dirname, 'node_modules');
const CHROMIUM = process.env.PORTAIL_CHROMIUM || '/usr/bin/chromium';
/* Debian's Python, with Debian's aiosmtpd (another python3 may come first on PATH). */
const PYTHON = process.env.PORTAIL_PYTHON || '/usr/bin/python3';
const MAIL_FROM = 'portail@mairie-valmont.fr';
const BUILD_DIR = process.env.PORTAIL_BUILD_DIR || process.cwd();
const SCREENSHOT_DIR = path.join(BUILD_DIR, 'screenshots');

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/* The demo parent (include/portail/demo.h). */
const DEMO = {
	email: 'camille.lambert@example.org',
	password: 'Demo-Portail-2026',
};

/* Load an npm package from NODE_MODULES, or stop with what to do. */
function requirePackage(name) {
	const dir = path.join(NODE_MODULES, name);
	if (!fs.existsSync(path.join(dir, 'package.json'))) {
		throw new Error(`the npm package "${name}" is missing from ${NODE_MODULES}: ` +
			'run "npm ci" in tests/browser (./portail test does it) and run the tests again');
	}
	return require(dir);
}

function requireEnv(name) {
	const value = process.env[name];
	if (!value)
		throw new Error(`${name} is not set: run the browser tests through meson (./portail test)`);
	return value;
}

function run(file, args, env, input) {
	const res = childProcess.spawnSync(file, args, {
		env: { ...process.env, ...env },
		encoding: 'utf8',
		timeout: 60000,
		input,
	});
	if (res.error)
		throw new Error(`${path.basename(file)} ${args.join(' ')}: ${res.error.message}`);
	if (res.status !== 0) {
		throw new Error(`${path.basename(file)} ${args.join(' ')} exited with ${res.status}:\n` +
			`${res.stdout}${res.stderr}`);
	}
	return res.stdout;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/* Start portail-web and resolve with its base URL once it prints "listening". */
function startWeb(exe, conninfo, port, env = {}) {
	return new Promise((resolve, reject) => {
		const proc = childProcess.spawn(exe, [
			'--listen', `127.0.0.1:${port}`,
			'--db', conninfo,
			'--static', STATIC_DIR,
			'--threads', '8',
		], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
		let out = '';
		let err = '';
		let settled = false;
		const timer = setTimeout(() => {
			if (settled)
				return;
			settled = true;
			proc.kill('SIGKILL');
			reject(new Error(`portail-web did not say "listening" within 20 s:\n${out}${err}`));
		}, 20000);
		proc.stdout.setEncoding('utf8');
		proc.stderr.setEncoding('utf8');
		proc.stdout.on('data', (chunk) => {
			out += chunk;
			const m = /listening on (http:\/\/\S+)/.exec(out);
			if (m && !settled) {
				settled = true;
				clearTimeout(timer);
				resolve({ proc, url: m[1].replace(/\/$/, ''), output: () => out + err });
			}
		});
		proc.stderr.on('data', (chunk) => { err += chunk; });
		proc.on('exit', (code, signal) => {
			if (settled)
				return;
			settled = true;
			clearTimeout(timer);
			reject(new Error(`portail-web exited (${code ?? signal}) before listening:\n${out}${err}`));
		});
	});
}

/* Stop @proc with SIGTERM (SIGKILL after 10 s); resolves once its output is
 * fully read. */
function stopProcess(proc) {
	return new Promise((resolve) => {
		if (!proc)
			return resolve();
		const timer = setTimeout(() => proc.kill('SIGKILL'), 10000);
		proc.once('close', () => { clearTimeout(timer); resolve(); });
		if (proc.exitCode === null && proc.signalCode === null)
			proc.kill('SIGTERM');
	});
}

/* Resolve once something accepts TCP connections on 127.0.0.1:@port. */
function waitForPort(port, proc, timeoutMs, output) {
	const deadline = Date.now() + timeoutMs;
	return new Promise((resolve, reject) => {
		const attempt = () => {
			if (proc.exitCode !== null || proc.signalCode !== null)
				return reject(new Error(`the SMTP server exited (${proc.exitCode ?? proc.signalCode}):\n${output()}`));
			const sock = net.connect(port, '127.0.0.1');
			sock.once('connect', () => { sock.destroy(); resolve(); });
			sock.once('error', () => {
				sock.destroy();
				if (Date.now() > deadline)
					return reject(new Error(`the SMTP server did not listen on port ${port} within ${timeoutMs} ms:\n${output()}`));
				setTimeout(attempt, 100);
			});
		};
		attempt();
	});
}

/* Decode a header value with RFC 2047 encoded words (=?UTF-8?B?...?= and Q). */
function decodeHeader(value) {
	return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*(?==\?)?/g, (all, charset, enc, text) => {
		if (!/^utf-?8$/i.test(charset))
			return all;
		if (enc.toUpperCase() === 'B')
			return Buffer.from(text, 'base64').toString('utf8');
		const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
		return Buffer.from(bytes, 'latin1').toString('utf8');
	});
}

/* Parse one message as stored by the Maildir handler: headers (unfolded,
 * lower-case names, decoded) and the body as UTF-8 text. The body is
 * "Content-Transfer-Encoding: 8bit" UTF-8; the Maildir stores it with local
 * line ends (the CRLF of the wire become LF), so both are accepted. */
function parseMessage(raw, file) {
	const text = raw.toString('utf8');
	const split = /\r?\n\r?\n/.exec(text);
	const head = split ? text.slice(0, split.index) : text;
	const body = split ? text.slice(split.index + split[0].length) : '';
	const headers = {};
	for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const m = /^([^:]+):\s*(.*)$/.exec(line);
		if (m)
			headers[m[1].toLowerCase()] = decodeHeader(m[2]);
	}
	return { file, headers, subject: headers.subject || '', to: headers.to || '', body, raw };
}

/*
 * A real SMTP server on loopback: Debian's aiosmtpd with its Mailbox
 * handler, which writes every message it accepts into a Maildir.
 */
class MailServer {
	async start() {
		this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-smtp-'));
		this.maildir = path.join(this.dir, 'Maildir');
		this.seen = new Set();
		let lastError;
		for (let attempt = 0; attempt < 3 && !this.proc; attempt++) {
			const port = await freePort();
			const proc = childProcess.spawn(PYTHON, [
				'-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`,
				'-c', 'aiosmtpd.handlers.Mailbox', this.maildir,
			], { stdio: ['ignore', 'pipe', 'pipe'] });
			let out = '';
			proc.stdout.setEncoding('utf8');
			proc.stderr.setEncoding('utf8');
			proc.stdout.on('data', (c) => { out += c; });
			proc.stderr.on('data', (c) => { out += c; });
			proc.on('error', (e) => { out += `\n${e.message}`; });
			this.output = () => out;
			try {
				await waitForPort(port, proc, 15000, () => out);
				this.proc = proc;
				this.port = port;
			} catch (e) {
				lastError = e;
				await stopProcess(proc);
			}
		}
		if (!this.proc) {
			throw new Error(`${lastError.message}\n(is Debian's python3-aiosmtpd installed? ` +
				`"${PYTHON} -m aiosmtpd --help" must work)`);
		}
		/* Never leave it running, whatever happens to the test process. */
		this.onExit = () => { try { this.proc.kill('SIGKILL'); } catch (e) { /* gone */ } };
		process.once('exit', this.onExit);
		this.url = `smtp://127.0.0.1:${this.port}`;
	}

	/* Stop the server and remove its Maildir. */
	async stop() {
		if (this.proc) {
			await stopProcess(this.proc);
			process.removeListener('exit', this.onExit);
			this.proc = null;
		}
		if (this.dir)
			fs.rmSync(this.dir, { recursive: true, force: true });
		this.dir = null;
	}

	/* Every message received so far (parsed), oldest first. */
	messages() {
		const dir = path.join(this.maildir, 'new');
		if (!fs.existsSync(dir))
			return [];
		return fs.readdirSync(dir)
			.map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
			.sort((a, b) => a.t - b.t || a.f.localeCompare(b.f))
			.map(({ f }) => parseMessage(fs.readFileSync(path.join(dir, f)), f));
	}

	/* Wait for a message not returned before, to @to and whose subject
	 * matches @subject (a RegExp); portail-web's delivery thread runs every
	 * 2 seconds. */
	async waitFor({ to, subject, timeoutMs = 20000 }) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = this.messages().find((m) => !this.seen.has(m.file) &&
				m.to.toLowerCase().includes(to.toLowerCase()) && (!subject || subject.test(m.subject)));
			if (found) {
				this.seen.add(found.file);
				return found;
			}
			if (Date.now() > deadline) {
				const got = this.messages().map((m) => `  to ${m.to}: ${m.subject}`).join('\n') || '  (none)';
				throw new Error(`no message to ${to}${subject ? ` matching ${subject}` : ''} within ` +
					`${timeoutMs} ms; the SMTP server received:\n${got}`);
			}
			await new Promise((r) => setTimeout(r, 200));
		}
	}
}

/*
 * The whole fixture: database, demo data, server, browser. start() then
 * stop() (stop() is safe after a failed start()).
 */
class Portal {
	/* @options.mail: also start an SMTP server and deliver mail to it;
	 * @options.demo false: an empty database, without the demo data set
	 * (for a test that brings its own catalogue). */
	constructor(options = {}) {
		this.options = options;
	}

	async start() {
		this.playwright = requirePackage('playwright-core');
		this.axeSource = fs.readFileSync(path.join(NODE_MODULES, 'axe-core', 'axe.min.js'), 'utf8');
		this.testdb = requireEnv('PTL_TESTDB');
		this.cli = requireEnv('PORTAIL_CLI');
		this.web = requireEnv('PORTAIL_WEB');
		if (!fs.existsSync(CHROMIUM))
			throw new Error(`${CHROMIUM} not found: install Debian's chromium package`);
		fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });

		this.conninfo = run(this.testdb, ['create', 'browser']).trim();
		if (this.options.demo !== false)
			this.portail_cli(['demo', 'load']);

		if (this.options.mail) {
			this.mail = new MailServer();
			await this.mail.start();
		}

		/* A free port can be taken between the probe and the listen: try again. */
		let lastError;
		for (let attempt = 0; attempt < 3 && !this.server; attempt++) {
			try {
				const port = await freePort();
				const env = this.mail ? {
					PORTAIL_SMTP_URL: this.mail.url,
					PORTAIL_MAIL_FROM: MAIL_FROM,
					PORTAIL_PUBLIC_URL: `http://127.0.0.1:${port}`,
				} : {};
				this.server = await startWeb(this.web, this.conninfo, port, env);
			} catch (e) {
				lastError = e;
			}
		}
		if (!this.server)
			throw lastError;
		this.baseURL = this.server.url;

		/* launch() gives the browser a fresh temporary profile (user data dir)
		 * and removes it on close; each test opens its own context (cookies). */
		this.browser = await this.playwright.chromium.launch({
			executablePath: CHROMIUM,
			headless: true,
			args: [
				'--no-sandbox', '--headless', '--disable-gpu', '--disable-quic',
				'--disable-background-networking', '--disable-component-update',
				'--disable-sync', '--no-first-run',
			],
		});
	}

	/* Stop portail-web; throws if it died during the tests or printed a
	 * sanitizer report (the -Db_sanitize build of CI). */
	async stopServer() {
		if (!this.server)
			return;
		const server = this.server;
		const died = server.proc.exitCode !== null || server.proc.signalCode !== null;
		this.server = null;
		await stopProcess(server.proc);
		const output = server.output();
		if (died)
			throw new Error(`portail-web stopped during the tests:\n${output}`);
		if (/AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:/.test(output))
			throw new Error(`portail-web printed a sanitizer report:\n${output}`);
	}

	/* Tear everything down (safe after a failed start()). */
	async stop() {
		if (this.browser)
			await this.browser.close().catch(() => {});
		await this.stopServer().catch((e) => console.error(e.message));
		if (this.mail)
			await this.mail.stop().catch((e) => console.error(e.message));
		if (this.conninfo)
			childProcess.spawnSync(this.testdb, ['drop', this.conninfo], { stdio: 'ignore' });
	}

	/* A family created by the manager, its parent's password set: logs in
	 * straight to the dashboard. { id, email, password, name }. */
	newFamily(lastName, firstName) {
		Portal.families = (Portal.families || 0) + 1;
		const email = `${firstName}.${lastName}.${Date.now().toString(36)}${Portal.families}@example.org`
			.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
		const password = `Mot de passe de ${firstName} 2026`;
		const out = this.portail_cli(['family', 'create', '--family-name', lastName,
			'--first-name', firstName, '--last-name', lastName, '--email', email]);
		const m = /^Created family (\d+)/m.exec(out);
		assert.ok(m, `portail-cli family create printed no family id:\n${out}`);
		this.portail_cli(['account', 'set-password', email], `${password}\n`);
		return { id: Number(m[1]), email, password, name: `${firstName} ${lastName}` };
	}

	/* Fill the login form of /connexion.html on @page and send it. */
	static async logIn(page, email, password) {
		await page.getByLabel('Adresse e-mail').fill(email);
		await page.getByLabel('Mot de passe', { exact: true }).fill(password);
		await page.getByRole('button', { name: 'Se connecter' }).click();
	}

	/* Run portail-cli on the test database (@input on its standard input);
	 * returns its stdout. */
	portail_cli(args, input) {
		return run(this.cli, args, { PORTAIL_DB: this.conninfo }, input);
	}

	/* portail-cli with --json: its decoded output. */
	portail_cli_json(args) {
		const out = this.portail_cli(args);
		try {
			return JSON.parse(out);
		} catch (e) {
			throw new Error(`portail-cli ${args.join(' ')} printed no JSON:\n${out}`);
		}
	}

	/* A fresh browser context (its own cookies) with one page, watched. */
	async newPage(options = {}) {
		const context = await this.browser.newContext({
			baseURL: this.baseURL,
			locale: 'fr-FR',
			viewport: options.viewport || { width: 1280, height: 800 },
			reducedMotion: 'reduce',
		});
		const page = await context.newPage();
		page.setDefaultTimeout(10000);
		const problems = [];
		page.on('console', (msg) => {
			if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text()))
				problems.push(`${new URL(page.url()).pathname}: CSP: ${msg.text()}`);
		});
		page.on('pageerror', (e) => problems.push(`${new URL(page.url()).pathname}: uncaught exception: ${e.message}`));
		page.on('response', (res) => {
			const url = new URL(res.url());
			if (res.status() >= 400 && !url.pathname.startsWith('/api/'))
				problems.push(`${res.status()} for ${url.pathname} (from ${new URL(page.url()).pathname})`);
		});
		page.on('requestfailed', (req) => {
			const url = new URL(req.url());
			const why = req.failure()?.errorText || '';
			/* A navigation aborts the loads still pending (the icon): normal. */
			if (!url.pathname.startsWith('/api/') && !/ERR_ABORTED/.test(why))
				problems.push(`failed request ${url.pathname} (from ${new URL(page.url()).pathname}): ${why}`);
		});
		page.problems = problems;
		return page;
	}

	/* Check what a person would not see: no CSP refusal, no script error. */
	static assertClean(page) {
		assert.deepEqual(page.problems, [], `problems seen in the browser:\n${page.problems.join('\n')}`);
	}

	/* Wait until the page's script is done (html.pret) at @pathname and
	 * nothing in the page is still loading (no aria-busy="true" left). */
	static async settled(page, pathname) {
		await page.waitForURL((u) => u.pathname === pathname);
		await page.waitForSelector('html.pret', { state: 'attached' });
		await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"]'));
	}

	/* Run axe-core on the page once nothing in it is loading (a part that
	 * is being read again is shown dimmed for that moment, as aria-busy
	 * says); fail with every violation. */
	async axe(page, label) {
		await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"]'));
		const has = await page.evaluate(() => typeof window.axe !== 'undefined');
		if (!has) {
			/* Evaluated through the DevTools protocol, which the page's CSP does
			 * not restrict (a <script> with content would be refused). */
			await page.evaluate(this.axeSource);
		}
		const result = await page.evaluate((tags) => window.axe.run(document, {
			runOnly: { type: 'tag', values: tags },
			resultTypes: ['violations'],
		}), AXE_TAGS);
		const lines = [];
		for (const v of result.violations) {
			lines.push(`- ${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}`);
			for (const n of v.nodes)
				lines.push(`    ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' / ')}`);
		}
		assert.equal(result.violations.length, 0,
			`axe-core found WCAG 2.1 A/AA violations on ${label} (${page.url()}):\n${lines.join('\n')}`);
		return result;
	}

	/* Open @pathname, wait for it to settle (at @expected, after redirects),
	 * then check it with axe-core. */
	async visit(page, pathname, expected = pathname) {
		await page.goto(pathname);
		await Portal.settled(page, expected);
		await this.axe(page, expected);
		Portal.assertClean(page);
	}

	/* Check that the page fits @width pixels: no horizontal scrolling, and no
	 * box of the content (card, request, panel, note, message) wider than
	 * the content column, which a long word can cause without scrolling. */
	static async assertFits(page, width) {
		const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(scroll <= width, `${page.url()} is ${scroll} px wide at ${width} px`);
		const over = await page.evaluate(() => {
			const main = document.querySelector('main');
			const style = getComputedStyle(main);
			const right = main.getBoundingClientRect().right - parseFloat(style.paddingRight);
			return Array.from(main.querySelectorAll('.carte, .demande, .panneau, .encart, .message, .tuile'))
				.filter((b) => b.getClientRects().length > 0)
				.map((b) => ({ b, r: b.getBoundingClientRect().right }))
				.filter(({ r }) => r > right + 0.5)
				.map(({ b, r }) => `${b.tagName.toLowerCase()}.${b.className.replace(/\s+/g, '.')} ends at ${r.toFixed(1)} px, ` +
					`after the content column (${right.toFixed(1)} px): "${b.textContent.replace(/\s+/g, ' ').trim().slice(0, 60)}"`);
		});
		assert.deepEqual(over, [], `boxes wider than the content on ${page.url()} at ${width} px:\n${over.join('\n')}`);
	}

	static screenshotPath(name) {
		return path.join(SCREENSHOT_DIR, `${name}.png`);
	}
}

/* The text a screen reader gets as the description of @locator. */
async function accessibleDescription(locator) {
	return locator.evaluate((el) => (el.getAttribute('aria-describedby') || '')
		.split(/\s+/).filter(Boolean)
		.map((id) => document.getElementById(id))
		.filter(Boolean)
		.map((n) => n.textContent.replace(/\s+/g, ' ').trim())
		.join(' '));
}

/* Wait until the control labelled @label is marked invalid with an error
 * matching @pattern in its description (errors of the service come back
 * asynchronously; the page's own checks are immediate). */
async function fieldError(page, label, pattern, options = {}) {
	const field = page.getByLabel(label, options);
	const deadline = Date.now() + 10000;
	for (;;) {
		const invalid = await field.getAttribute('aria-invalid');
		const description = await accessibleDescription(field);
		if (invalid === 'true' && pattern.test(description))
			return;
		if (Date.now() > deadline) {
			assert.equal(invalid, 'true', `"${label}" is marked invalid`);
			assert.match(description, pattern, `the description of "${label}"`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
}

/* The requests of the dashboard (or demandes.html), as shown: kind,
 * status, summary, highlight. */
async function dashboardRequests(page) {
	await page.waitForSelector('html.demandes-chargees', { state: 'attached' });
	return page.locator('[data-demandes] > li > article').evaluateAll((cards) => cards.map((c) => ({
		kind: c.querySelector('h3').textContent.trim(),
		status: c.querySelector('.statut').textContent.replace(/^Statut\s*:\s*/, '').trim(),
		summary: (c.querySelector('.demande__resume') || {}).textContent || '',
		text: c.textContent.replace(/\s+/g, ' '),
		highlighted: c.classList.contains('demande--attente'),
		background: getComputedStyle(c).backgroundColor,
	})));
}

/* "2017-03-14" → "14 mars 2017", written independently of the page's code. */
function frenchDate(iso) {
	const months = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août',
		'septembre', 'octobre', 'novembre', 'décembre'];
	const [y, m, d] = iso.split('-').map((x) => parseInt(x, 10));
	return `${d === 1 ? '1er' : d} ${months[m - 1]} ${y}`;
}

module.exports = { Portal, MailServer, DEMO, accessibleDescription, frenchDate, fieldError, dashboardRequests };
