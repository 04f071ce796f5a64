package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"strings"
)

// ReportCSP is the policy of the self-contained report, set in the file
// itself: its inlined script and style may run, and nothing may be fetched
// from anywhere (not even from the disk it is opened from).
const ReportCSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

// The markers in index.html that the report replaces with inlined assets.
const (
	cssLink  = `<link rel="stylesheet" href="/assets/app.css">`
	jsScript = `<script src="/assets/app.min.js"></script>`
	// noticesLink points at the served notices; the report carries them
	// inline instead, since it redistributes the libraries they cover.
	noticesLink = `<a class="served-only" href="/assets/THIRD-PARTY-NOTICES.txt">notices</a>`
	footEnd     = `</footer>`
)

// ReportHTML builds the page as one self-contained HTML file: the
// stylesheet and the script inlined, the views embedded as JSON, no editor.
// It can be mailed or attached to a design review and opened offline.
func ReportHTML(assets fs.FS, v *Views, title string) ([]byte, error) {
	if assets == nil {
		var err error
		if assets, err = embeddedAssets(); err != nil {
			return nil, err
		}
	}
	page, err := fs.ReadFile(assets, "index.html")
	if err != nil {
		return nil, fmt.Errorf("report: read page: %w", err)
	}
	css, err := fs.ReadFile(assets, "app.css")
	if err != nil {
		return nil, fmt.Errorf("report: read stylesheet: %w", err)
	}
	js, err := fs.ReadFile(assets, "app.min.js")
	if err != nil {
		return nil, fmt.Errorf("report: read script: %w", err)
	}
	notices, err := fs.ReadFile(assets, "THIRD-PARTY-NOTICES.txt")
	if err != nil {
		return nil, fmt.Errorf("report: read third-party notices: %w", err)
	}
	data, err := json.Marshal(v) // escapes <, > and & so it cannot close the script element
	if err != nil {
		return nil, fmt.Errorf("report: encode views: %w", err)
	}
	out := string(page)
	for _, marker := range []string{cssLink, jsScript, noticesLink, footEnd, "<title>", "<meta charset=\"utf-8\">"} {
		if !strings.Contains(out, marker) {
			return nil, fmt.Errorf("report: the page has no %s to replace", marker)
		}
	}
	// The footer's notices link opens the notices carried in the file.
	out = strings.Replace(out, noticesLink, `<a href="#third-party-notices">notices</a>`, 1)
	out = strings.Replace(out, footEnd, `<details id="third-party-notices" class="notices"><summary>Third-party notices</summary><pre>`+
		html.EscapeString(string(notices))+"</pre></details>\n"+footEnd, 1)
	var b bytes.Buffer
	b.WriteString("<style>\n")
	b.Write(bytes.ReplaceAll(css, []byte("</style"), []byte(`<\/style`)))
	b.WriteString("</style>")
	out = strings.Replace(out, cssLink, b.String(), 1)
	b.Reset()
	b.WriteString(`<script type="application/json" id="fulcrum-data">`)
	b.Write(data)
	b.WriteString("</script>\n<script>\n")
	b.WriteString(inlineScript(string(js)))
	b.WriteString("\n</script>")
	out = strings.Replace(out, jsScript, b.String(), 1)
	out = strings.Replace(out, "<meta charset=\"utf-8\">", "<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\""+html.EscapeString(ReportCSP)+"\">", 1)
	if title != "" {
		start := strings.Index(out, "<title>")
		end := strings.Index(out, "</title>")
		if start >= 0 && end > start {
			out = out[:start] + "<title>" + html.EscapeString(title) + out[end:]
		}
	}
	out = strings.Replace(out, "<body>", `<body class="report">`, 1)
	return []byte(out), nil
}

// inlineScript makes a script safe inside a <script> element: the HTML
// parser ends the element at "</script" and treats "<!--" specially, so
// both are broken with a backslash (a no-op inside JS strings and regular
// expressions, where minified code carries them).
func inlineScript(js string) string {
	js = strings.ReplaceAll(js, "</script", `<\/script`)
	js = strings.ReplaceAll(js, "</SCRIPT", `<\/SCRIPT`)
	return strings.ReplaceAll(js, "<!--", `<\!--`)
}
