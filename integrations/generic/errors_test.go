package generic

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/incident"
)

func TestDecodeErrors(t *testing.T) {
	link := `{"href":"https://x.example.com"}`
	tests := []struct{ name, body, want string }{
		{"empty", " ", "body: empty (want a JSON object)"},
		{"syntax", `{"summary":"s",}`, "invalid JSON at offset 16: invalid character '}' looking for beginning of object key string"},
		{"trailing", `{"summary":"s"} {}`, "invalid JSON at offset 17: invalid character '{' after top-level value"},
		{"array body", `[{"summary":"s"}]`, "body: want an object, got JSON array"},
		{"null body", `null`, "body: want an object, got JSON null"},
		{"typo", `{"summary":"s","dedupkey":"k"}`, "dedupkey: unknown field (use summary, dedup_key, status, severity, service, source, details, links, started_at)"},
		{"wrong case", `{"Summary":"s"}`, "Summary: unknown field (use summary, dedup_key, status, severity, service, source, details, links, started_at)"},
		{"first unknown sorted", `{"zz":1,"aa":2,"summary":"s"}`, "aa: unknown field (use summary, dedup_key, status, severity, service, source, details, links, started_at)"},
		{"odd unknown", `{"dedup key":"k"}`, `"dedup key": unknown field (use summary, dedup_key, status, severity, service, source, details, links, started_at)`},
		{"no summary", `{"dedup_key":"k"}`, "summary: required"},
		{"blank summary", `{"summary":" \n "}`, "summary: required"},
		{"summary type", `{"summary":42}`, "summary: want a string, got JSON number"},
		{"long summary", `{"summary":"` + strings.Repeat("é", 1001) + `"}`, "summary: 1001 characters; the limit is 1000"},
		{"long dedup_key", `{"summary":"s","dedup_key":"` + strings.Repeat("k", 256) + `"}`, "dedup_key: 256 characters; the limit is 255"},
		{"dedup_key type", `{"summary":"s","dedup_key":["k"]}`, "dedup_key: want a string, got JSON array"},
		{"status", `{"summary":"s","status":"ok"}`, `status: must be "firing" or "resolved"`},
		{"status case", `{"summary":"s","status":"Resolved"}`, `status: must be "firing" or "resolved"`},
		{"severity", `{"summary":"s","severity":"urgent"}`, `severity: unknown "urgent" (use sev1..sev4, critical, error, warning, info)`},
		{"severity number", `{"summary":"s","severity":1}`, "severity: want a string, got JSON number"},
		{"long service", `{"summary":"s","service":"` + strings.Repeat("s", 256) + `"}`, "service: 256 characters; the limit is 255"},
		{"source type", `{"summary":"s","source":{}}`, "source: want a string, got JSON object"},
		{"details array", `{"summary":"s","details":[1]}`, "details: want an object, got JSON array"},
		{"details string", `{"summary":"s","details":"x"}`, "details: want an object, got JSON string"},
		{"links object", `{"summary":"s","links":{"href":"https://x"}}`, "links: want an array, got JSON object"},
		{"too many links", `{"summary":"s","links":[` + strings.TrimSuffix(strings.Repeat(link+",", 21), ",") + `]}`, "links: 21 links; the limit is 20"},
		{"link not object", `{"summary":"s","links":["https://x"]}`, "links[0]: want an object, got JSON string"},
		{"link null", `{"summary":"s","links":[` + link + `,null]}`, "links[1]: want an object, got JSON null"},
		{"link unknown field", `{"summary":"s","links":[{"url":"https://x"}]}`, "links[0].url: unknown field (use href, text)"},
		{"link no href", `{"summary":"s","links":[{"text":"x"}]}`, "links[0].href: required"},
		{"link relative", `{"summary":"s","links":[` + link + `,{"href":"/runbook"}]}`, "links[1].href: must be an http(s) URL"},
		{"link javascript", `{"summary":"s","links":[{"href":"javascript:alert(1)"}]}`, "links[0].href: must be an http(s) URL"},
		{"link no host", `{"summary":"s","links":[{"href":"https:///x"}]}`, "links[0].href: must be an http(s) URL"},
		{"link text type", `{"summary":"s","links":[{"href":"https://x","text":1}]}`, "links[0].text: want a string, got JSON number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.body))
			var ie *incident.Error
			if !errors.As(err, &ie) {
				t.Fatalf("want *incident.Error, got %T %v", err, err)
			}
			if ie.Code != incident.EInvalid || ie.Message != tt.want {
				t.Errorf("got %s %q\nwant invalid %q", ie.Code, ie.Message, tt.want)
			}
		})
	}
}

func TestLongUnknownFieldIsCut(t *testing.T) {
	name := strings.Repeat("x", 500)
	_, err := Decode([]byte(fmt.Sprintf(`{"summary":"s",%q:1}`, name)))
	if msg := incident.ErrorMessage(err); len(msg) > 200 || !strings.HasPrefix(msg, strings.Repeat("x", 63)+"…") {
		t.Errorf("message %q", msg)
	}
}
