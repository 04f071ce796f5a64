package web

import (
	"context"
	"net"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The browser tests drive Debian's Chromium (installed by .ci/run) through
// chromedp. They skip when no Chromium is installed.

func chromiumPath(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are slow; skipped with -short")
	}
	if p := os.Getenv("FULCRUM_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium is not installed (apt-get install chromium); skipping the browser tests")
	return ""
}

// cspRecorder collects Content-Security-Policy violations in the page.
const cspRecorder = `window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + (e.lineNumber || 0)));`

// browser starts a headless Chromium and records every request the tab
// makes; off reports the ones that left loopback.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	requests []string
}

func newBrowser(t *testing.T, width, height int64) *browser {
	t.Helper()
	path := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(int(width), int(height)))
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelA)
	tab, cancelT := chromedp.NewContext(actx)
	t.Cleanup(cancelT)
	b := &browser{ctx: tab}
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	if err := chromedp.Listen(tab, func(ev any) {
		var u string
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			u = e.Request.URL
		case network.EventRequestWillBeSent:
			u = e.Request.URL
		default:
			return
		}
		b.mu.Lock()
		b.requests = append(b.requests, u)
		b.mu.Unlock()
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspRecorder}); err != nil {
		t.Fatal(err)
	}
	return b
}

// offLoopback lists the requests that went anywhere but this machine.
func (b *browser) offLoopback() (all, off []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, r := range b.requests {
		all = append(all, r)
		u, err := url.Parse(r)
		if err != nil {
			off = append(off, r)
			continue
		}
		switch u.Scheme {
		case "data", "blob", "about", "file":
			continue
		}
		host := u.Hostname()
		if host == "localhost" {
			continue
		}
		if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
			continue
		}
		off = append(off, r)
	}
	return all, off
}

func eval[T any](t *testing.T, b *browser, js string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it holds.
func waitFor(t *testing.T, b *browser, cond, what string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s (%s)", what, cond)
}

func screenshot(t *testing.T, b *browser, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

func TestBrowserDashboard(t *testing.T) {
	b := newBrowser(t, 1400, 1000)
	srv := newTestServer(t)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	dir := artifactDir(t)

	// Load the page and an example.
	if err := chromedp.Do(b.ctx, chromedp.Navigate(ts.URL+"/?test=1&example=system.yaml")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, `document.body.dataset.ready === '1'`, "the first analysis to render")

	// The analysis streamed its progress to the page (server-sent events).
	if n := eval[string](t, b, `document.body.dataset.progressEvents || '0'`); n == "0" {
		t.Error("the page received no progress events")
	}
	// The break-even curves arrive after the result, as an update.
	waitFor(t, b, `Number(document.body.dataset.done || 0) > 0 && !document.getElementById('breakeven').hidden`, "the break-even update")
	if n := eval[int](t, b, `document.querySelectorAll('#chart-breakeven svg path').length`); n < 5 {
		t.Errorf("break-even chart drew %d paths", n)
	}
	if n := eval[int](t, b, `document.querySelectorAll('#chart-system-breakeven svg path').length`); n < 5 {
		t.Errorf("system break-even chart drew %d paths", n)
	}
	// The charts drew (SVG renderer: one svg per chart, with bars).
	// system.yaml's first component (web) has simulated serverless options
	// and, being edge: true, no cluster: its Kubernetes week is hidden.
	for _, id := range []string{"chart-architectures", "chart-costs", "chart-timeline", "chart-coldstarts"} {
		n := eval[int](t, b, `document.querySelectorAll('#`+id+` svg path').length`)
		if n < 5 {
			t.Errorf("chart %s drew %d paths, want a real chart", id, n)
		}
	}
	if !eval[bool](t, b, `document.getElementById('kube-week').hidden`) {
		t.Error("web (edge: true, no cluster can serve it) shows a Kubernetes week")
	}
	// The API runs on every shared cluster: its week draws.
	eval[chromedp.Void](t, b, `document.getElementById('component-select').value = 'api'; document.getElementById('component-select').dispatchEvent(new Event('change'))`)
	waitFor(t, b, `!document.getElementById('kube-week').hidden && document.querySelectorAll('#chart-kube-week svg path').length >= 5`, "api's Kubernetes week")
	// Every architecture is on the side-by-side chart.
	labels := eval[string](t, b, `[...document.querySelectorAll('#chart-architectures svg text')].map(t => t.textContent).join('|')`)
	for _, want := range []string{"all-serverless", "all-kubernetes", "recommended"} {
		if !strings.Contains(labels, want) {
			t.Errorf("architectures chart has no %q label: %s", want, labels)
		}
	}
	// The diagram rendered, with its clusters and costs.
	diagram := eval[string](t, b, `document.querySelector('#diagram-svg svg') ? document.querySelector('#diagram-svg svg').textContent : ''`)
	for _, want := range []string{"Serverless", "Managed services", "DynamoDB", "/mo"} {
		if !strings.Contains(diagram, want) {
			t.Errorf("recommended diagram lacks %q", want)
		}
	}
	screenshot(t, b, dir, "dashboard-system.png")
	for _, id := range []string{"summary", "architectures", "diagram", "per-component", "growth"} {
		png, err := chromedp.Run(b.ctx, chromedp.Screenshot(chromedp.ID(id)))
		if err != nil {
			t.Fatalf("screenshot of #%s: %v", id, err)
		}
		if err := os.WriteFile(filepath.Join(dir, "section-"+id+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Hovering a bar shows its tooltip (built without inline styles).
	xy := eval[[]float64](t, b, `(() => {
		const el = document.getElementById('chart-costs');
		el.scrollIntoView();
		const r = el.getBoundingClientRect();
		const bars = [...el.querySelectorAll('svg path')].map(p => p.getBoundingClientRect())
			.filter(q => q.width > 8 && q.width < r.width / 6 && q.height > 8 && q.height < r.height * 0.9 && q.bottom < r.bottom - 60)
			.sort((x, y) => y.height - x.height);
		const q = bars[0];
		return [q.x + q.width / 2, q.y + q.height / 2];
	})()`)
	if err := chromedp.Do(b.ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, xy[0], xy[1])); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, `[...document.querySelectorAll('.tip')].some(e => e.offsetParent !== null && e.textContent.includes('a month'))`, "a bar's tooltip")
	screenshot(t, b, dir, "dashboard-tooltip.png")

	// Load another example from the list: the results follow, and its
	// all-kubernetes diagram shows the cluster with its node pools.
	if err := chromedp.Do(b.ctx, chromedp.SetValue(chromedp.ID("examples"), "steady-api-platform-team.yaml")); err != nil {
		t.Fatal(err)
	}
	eval[chromedp.Void](t, b, `document.getElementById('examples').dispatchEvent(new Event('change'))`)
	waitFor(t, b, `!document.getElementById('summary-title').textContent.includes('acme') && [...document.getElementById('diagram-select').options].some(o => o.value === 'all-kubernetes')`, "the steady-api example's results")
	if err := chromedp.Do(b.ctx, chromedp.SetValue(chromedp.ID("diagram-select"), "all-kubernetes")); err != nil {
		t.Fatal(err)
	}
	eval[chromedp.Void](t, b, `document.getElementById('diagram-select').dispatchEvent(new Event('change'))`)
	waitFor(t, b, `(document.querySelector('#diagram-svg svg')||{textContent:''}).textContent.includes('Kubernetes cluster')`, "the Kubernetes diagram")
	if d := eval[string](t, b, `document.querySelector('#diagram-svg svg').textContent`); !strings.Contains(d, "node pool") {
		t.Errorf("Kubernetes diagram has no node pool: %.300s", d)
	}
	eval[chromedp.Void](t, b, `document.getElementById('diagram').scrollIntoView()`)
	screenshot(t, b, dir, "dashboard-diagram-kubernetes.png")

	// A managed service in the diagram opens the lines it adds up.
	eval[chromedp.Void](t, b, `document.getElementById('diagram-select').value = 'recommended'; document.getElementById('diagram-select').dispatchEvent(new Event('change'))`)
	waitFor(t, b, `[...document.querySelectorAll('#diagram-svg g.clickable title')].some(t => t.textContent.startsWith('svc_'))`, "a clickable managed service")
	eval[chromedp.Void](t, b, `[...document.querySelectorAll('#diagram-svg g.clickable')].find(g => g.querySelector('title').textContent.startsWith('svc_')).dispatchEvent(new MouseEvent('click', {bubbles: true}))`)
	waitFor(t, b, `!document.getElementById('details').hidden && document.querySelectorAll('#details-body table tbody tr').length > 0`, "the managed service's line items")
	eval[chromedp.Void](t, b, `document.getElementById('details-close').click()`)

	// A number opens its line items and sources in one click.
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`#component-table button.money`))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, `!document.getElementById('details').hidden`, "the details panel")
	rows := eval[int](t, b, `document.querySelectorAll('#details-body table tbody tr').length`)
	links := eval[int](t, b, `document.querySelectorAll('#details-body a[href^="https://"]').length`)
	if rows < 2 || links < 1 {
		t.Errorf("details panel shows %d line items and %d source links", rows, links)
	}
	screenshot(t, b, dir, "dashboard-details.png")
	eval[chromedp.Void](t, b, `document.getElementById('details-close').click()`)

	// Type an invalid spec: the error shows at its line, the results stay.
	invalid := "version: 1\nname: broken\ncomponents:\n  - name: api\n    type: http-apii\n    requests_per_month: 1000\n"
	eval[chromedp.Void](t, b, `(() => { const ta = document.getElementById('spec'); ta.value = ''; ta.focus(); })()`)
	if err := chromedp.Do(b.ctx, chromedp.SendKeys(chromedp.ID("spec"), invalid)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, `document.querySelectorAll('#gutter div.error').length > 0`, "the inline error marker")
	line := eval[string](t, b, `document.querySelector('#gutter div.error').dataset.line`)
	if line != "5" {
		t.Errorf("error marked at line %s, want line 5 (type: http-apii)", line)
	}
	pos := eval[string](t, b, `document.querySelector('#problems li.error .pos').textContent`)
	if !strings.HasPrefix(pos, "5:") {
		t.Errorf("problem list position %q, want 5:column", pos)
	}
	msg := eval[string](t, b, `document.querySelector('#problems li.error').textContent`)
	if !strings.Contains(msg, "http-api") {
		t.Errorf("problem message %q does not say what would be valid", msg)
	}
	if mark := eval[string](t, b, `(document.querySelector('#overlay mark')||{textContent:''}).textContent`); !strings.Contains(mark, "http-apii") && !strings.Contains(mark, "type") {
		t.Errorf("inline marker covers %q, want the faulty token on line 5", mark)
	}
	if ready := eval[string](t, b, `document.body.dataset.valid`); ready != "0" {
		t.Errorf("page thinks the invalid spec is valid (data-valid=%q)", ready)
	}
	eval[chromedp.Void](t, b, `window.scrollTo(0, 0)`)
	screenshot(t, b, dir, "dashboard-invalid-spec.png")

	// Fix it: the results update on the valid change.
	renders := eval[string](t, b, `document.body.dataset.renders`)
	eval[chromedp.Void](t, b, `(() => { const ta = document.getElementById('spec'); ta.value = ta.value.replace('http-apii', 'http-api'); ta.dispatchEvent(new Event('input')); })()`)
	waitFor(t, b, `document.body.dataset.renders !== '`+renders+`' && document.getElementById('summary-title').textContent.includes('broken')`, "the results of the fixed spec")

	// A growth rate adds the growth plan.
	eval[chromedp.Void](t, b, `(() => { const g = document.getElementById('growth-rate'); g.value = '15%/month'; g.dispatchEvent(new Event('change')); })()`)
	waitFor(t, b, `!document.getElementById('plan').hidden && document.querySelectorAll('#chart-growth svg path').length > 5`, "the growth plan")
	if rows := eval[int](t, b, `document.querySelectorAll('#plan-table tbody tr').length`); rows != 1 {
		t.Errorf("plan table has %d rows, want one per component (1)", rows)
	}
	screenshot(t, b, dir, "dashboard-growth-plan.png")

	// The page saves the same self-contained report as fulcrum report.
	eval[chromedp.Void](t, b, `document.getElementById('download-report').click()`)
	waitFor(t, b, `(document.body.dataset.reportSaved || '').startsWith('fulcrum-report-')`, "the report download")

	if v := eval[[]string](t, b, `window.__csp`); len(v) > 0 {
		t.Errorf("Content-Security-Policy violations: %v", v)
	}
	// The recorder works: an inline style attribute is a violation.
	eval[chromedp.Void](t, b, `document.body.insertAdjacentHTML('beforeend', '<div style="color: red">x</div>')`)
	waitFor(t, b, `window.__csp.length > 0`, "the CSP to block an inline style (recorder self-check)")
	all, off := b.offLoopback()
	if len(all) < 5 {
		t.Errorf("recorded only %d requests; the request listener is not working", len(all))
	}
	if len(off) > 0 {
		t.Errorf("requests left loopback: %v", off)
	}
	t.Logf("%d requests, all to loopback", len(all))
}

func TestBrowserReport(t *testing.T) {
	b := newBrowser(t, 1400, 1000)
	srv := newTestServer(t)
	res, err := srv.engine.analyse(context.Background(), readExample(t, "system.yaml"), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := BuildViews(context.Background(), res, nil)
	if err != nil {
		t.Fatal(err)
	}
	page, err := ReportHTML(nil, v, "Fulcrum report: acme")
	if err != nil {
		t.Fatal(err)
	}
	dir := artifactDir(t)
	file := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.ctx, chromedp.Navigate("file://"+file)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, `document.body.dataset.ready === '1'`, "the report to render")
	for _, id := range []string{"chart-architectures", "chart-costs", "chart-timeline"} {
		if n := eval[int](t, b, `document.querySelectorAll('#`+id+` svg path').length`); n < 5 {
			t.Errorf("report chart %s drew %d paths", id, n)
		}
	}
	if eval[bool](t, b, `getComputedStyle(document.getElementById('editor-panel')).display !== 'none'`) {
		t.Error("the report shows the editor")
	}
	if d := eval[string](t, b, `document.querySelector('#diagram-svg svg').textContent`); !strings.Contains(d, "Serverless") {
		t.Errorf("report diagram missing: %.200s", d)
	}
	screenshot(t, b, dir, "report-system.png")
	all, off := b.offLoopback()
	for _, r := range all {
		if !strings.HasPrefix(r, "file://") && !strings.HasPrefix(r, "about:") && !strings.HasPrefix(r, "data:") {
			t.Errorf("the report made a request: %s", r)
		}
	}
	if len(off) > 0 {
		t.Errorf("requests left the machine: %v", off)
	}
}
