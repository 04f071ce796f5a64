package web

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"testing"
)

// FuzzValidate posts arbitrary bodies to the editor's endpoint: it must
// always answer 200 with JSON (or 400 for an empty body), never 500 and
// never panic, and every problem it reports must have a message.
func FuzzValidate(f *testing.F) {
	f.Add([]byte("version: 1\nname: x\ncomponents:\n  - name: a\n    type: http-api\n    requests_per_month: 5\n"))
	f.Add([]byte("version: 1\ncomponents: [\n"))
	f.Add([]byte("\x00\xff{{{"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	s, err := New(Config{Catalog: testCatalog(f), Examples: newTestServer(f).cfg.Examples})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("POST", "/api/validate", bytes.NewReader(body)))
		switch rec.Code {
		case 200:
			var v validation
			if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if v.Valid != (len(v.Problems) == 0) {
				t.Fatalf("valid=%v with %d problems", v.Valid, len(v.Problems))
			}
			for _, p := range v.Problems {
				if p.Message == "" {
					t.Fatalf("problem without a message: %+v", p)
				}
			}
		case 400:
			if len(bytes.TrimSpace(body)) != 0 {
				t.Fatalf("400 for a non-empty body: %s", rec.Body)
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	})
}
