package web

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserUncertainty: with ?uncertainty=N the dashboard draws the
// uncertainty section (the P10–P90 chart, the options' quantiles, the
// tornado chart and table, ties and flip points) and error bars on the
// architectures chart; the HTML report built with --uncertainty draws the
// same offline.
func TestBrowserUncertainty(t *testing.T) {
	b := newBrowser(t, 1400, 1000)
	srv := newTestServer(t)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	dir := artifactDir(t)
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `window.addEventListener('error', (e) => { window.__err = e.message + ' ' + e.lineno + ':' + e.colno; });`}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.ctx, chromedp.Navigate(ts.URL+"/?test=1&example=system.yaml&uncertainty=24")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, `(document.body.dataset.ready === '1' && !document.getElementById('uncertainty').hidden) || window.__err`, "the uncertainty section")
	if e := eval[string](t, b, `String(window.__err || '')`); e != "" {
		t.Fatalf("script error: %s", e)
	}
	checkUncertainty(t, b)
	// The error bars: one markLine per feasible architecture on the
	// architectures chart (a P10–P90 line with two caps).
	if n := eval[int](t, b, `Number(document.body.dataset.errorBars || 0)`); n < 3 {
		t.Errorf("architectures chart has %d error bars", n)
	}
	if v := eval[[]string](t, b, `window.__csp`); len(v) > 0 {
		t.Errorf("Content-Security-Policy violations: %v", v)
	}
	screenshot(t, b, dir, "dashboard-uncertainty.png")
	for _, id := range []string{"architectures", "uncertainty"} {
		png, err := chromedp.Run(b.ctx, chromedp.Screenshot(chromedp.ID(id)))
		if err != nil {
			t.Fatalf("screenshot #%s: %v", id, err)
		}
		if err := os.WriteFile(filepath.Join(dir, "dashboard-"+id+"-uncertainty.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, off := b.offLoopback(); len(off) > 0 {
		t.Errorf("requests left loopback: %v", off)
	}

	// The report, from file://.
	res, err := srv.engine.analyse(context.Background(), readExample(t, "system.yaml"), 24, nil)
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
	file := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.ctx, chromedp.Navigate("file://"+file)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, `document.body.dataset.ready === '1'`, "the report to render")
	checkUncertainty(t, b)
	screenshot(t, b, dir, "report-uncertainty.png")
}

func checkUncertainty(t *testing.T, b *browser) {
	t.Helper()
	if eval[bool](t, b, `document.getElementById('uncertainty').hidden`) {
		t.Fatal("the uncertainty section is hidden")
	}
	for _, id := range []string{"chart-uncertainty", "chart-tornado"} {
		if n := eval[int](t, b, `document.querySelectorAll('#`+id+` svg path').length`); n < 5 {
			t.Errorf("chart %s drew %d paths", id, n)
		}
	}
	if n := eval[int](t, b, `document.querySelectorAll('#uncertainty-table tbody tr').length`); n < 8 {
		t.Errorf("the options' quantiles table has %d rows", n)
	}
	rows := eval[string](t, b, `document.querySelector('#tornado-table tbody').textContent`)
	if !strings.Contains(rows, "api requests_per_month") || !strings.Contains(rows, "price ") {
		t.Errorf("tornado table lacks the api volume or a catalog price: %.300s", rows)
	}
	if h := eval[string](t, b, `document.getElementById('uncertainty-hint').textContent`); !strings.Contains(h, "24 samples") || !strings.Contains(h, "tagged U") {
		t.Errorf("hint %q", h)
	}
	if eval[bool](t, b, `document.getElementById('uncertainty-flips-block').hidden || document.querySelectorAll('#uncertainty-flips li').length === 0`) {
		t.Error("no flip points shown")
	}
	if eval[bool](t, b, `document.getElementById('uncertainty-ties-block').hidden`) {
		t.Error("no ties shown (system.yaml has some)")
	}
}
