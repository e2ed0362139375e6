package pagerduty_test

import (
	"strings"
	"testing"

	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/pagerduty"
	"github.com/tandemhq/tandem/integrations/pagerduty/pagerdutytest"
)

// Signatures computed independently (Python's hmac) for this body.
const (
	kaBody   = `{"event":{"id":"01DEMO","event_type":"incident.acknowledged"}}`
	kaOldSig = "v1=4f0f4e30b59962302036aba01e2f053c03514b130d4d6b8efcf65bd825313b7f"
	kaNewSig = "v1=5a9e10d648b0c8dc259c75608a732ae004ffa6753b0d48d4216297ea8cbb6f99"
)

func TestVerify(t *testing.T) {
	body := []byte(kaBody)
	rotating := []string{"whsec-new", "whsec-old"}
	changed := []byte(strings.Replace(kaBody, "01DEMO", "01DEMP", 1))
	tests := []struct {
		name    string
		body    []byte
		header  string
		secrets []string
		want    bool
	}{
		{"Single", body, kaOldSig, []string{"whsec-old"}, true},
		{"SignedWithBothDuringRotation", body, kaOldSig + "," + kaNewSig, []string{"whsec-new"}, true},
		{"OneOfOurSecretsMatches", body, kaNewSig, rotating, true},
		{"SpacesAfterCommas", body, "v1=00, " + kaNewSig, rotating, true},
		{"UpperCaseHex", body, "v1=" + strings.ToUpper(strings.TrimPrefix(kaNewSig, "v1=")), rotating, true},
		{"WrongSecret", body, kaOldSig, []string{"whsec-other"}, false},
		{"ChangedByte", changed, kaOldSig, rotating, false},
		{"MissingHeader", body, "", rotating, false},
		{"OtherVersionOnly", body, "v0=" + strings.TrimPrefix(kaOldSig, "v1="), rotating, false},
		{"NotHex", body, "v1=zz", rotating, false},
		{"Truncated", body, kaOldSig[:40], rotating, false},
		{"NoSecrets", body, kaOldSig, nil, false},
		{"EmptySecretNeverMatches", body, pagerduty.Sign(body, ""), []string{""}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := pagerduty.Verify(tc.body, tc.header, tc.secrets); got != tc.want {
				t.Fatalf("Verify = %v, want %v", got, tc.want)
			}
		})
	}
	if pagerduty.Sign(body, "whsec-old") != kaOldSig || pagerdutytest.Signature(body, "whsec-old", "whsec-new") != kaOldSig+","+kaNewSig {
		t.Fatal("Sign and the fake's Signature disagree with the known answers")
	}
}

func TestDecodeWebhook(t *testing.T) {
	w := pagerdutytest.Webhook{ID: "01EVT", Type: "incident.reassigned", Agent: pagerdutytest.User{ID: "PNORA", Name: "Nora N"},
		Incident: pagerdutytest.Incident{ID: "PINC7", Number: 42, Status: "acknowledged", Title: "[sev2] Disk full", Key: "INC-7/noc",
			Assignees: []pagerdutytest.User{{ID: "POMAR", Name: "Omar O"}}}}
	ev, err := pagerduty.DecodeWebhook(w.Body())
	if err != nil {
		t.Fatal(err)
	}
	if ev.ID != "01EVT" || ev.Type != pagerduty.EventReassigned || ev.ResourceType != "incident" || ev.OccurredAt.IsZero() ||
		ev.Agent != (pagerduty.Ref{ID: "PNORA", Name: "Nora N", Type: "user_reference"}) {
		t.Fatalf("event: %+v", ev)
	}
	inc := ev.Incident
	if inc.ID != "PINC7" || inc.Number != 42 || inc.Status != "acknowledged" || inc.Key != "INC-7/noc" ||
		inc.URL != "https://acme.pagerduty.com/incidents/PINC7" || len(inc.Assignees) != 1 || inc.Assignees[0].Name != "Omar O" {
		t.Fatalf("incident: %+v", inc)
	}
}

// PagerDuty's own payload reference example: no incident_key, an agent.
const docExample = `{"event":{"id":"5ac64822-4adc-4fda-ade0-410becf0de4f","event_type":"incident.priority_updated","resource_type":"incident","occurred_at":"2020-10-02T18:45:22.169Z","agent":{"html_url":"https://acme.pagerduty.com/users/PLH1HKV","id":"PLH1HKV","self":"https://api.pagerduty.com/users/PLH1HKV","summary":"Tenex Engineer","type":"user_reference"},"client":{"name":"PagerDuty"},"data":{"id":"PGR0VU2","type":"incident","self":"https://api.pagerduty.com/incidents/PGR0VU2","html_url":"https://acme.pagerduty.com/incidents/PGR0VU2","number":2,"status":"triggered","title":"A little bump in the road","service":{"id":"PF9KMXH","summary":"API Service","type":"service_reference"},"assignees":[{"id":"PTUXL6G","summary":"User 123","type":"user_reference"}],"urgency":"high","conference_bridge":{"conference_number":"+1 1234123412,,987654321#","conference_url":"https://example.com"},"resolve_reason":null}}}`

func TestDecodeWebhookShapes(t *testing.T) {
	ev, err := pagerduty.DecodeWebhook([]byte(docExample))
	if err != nil || ev.Incident.ID != "PGR0VU2" || ev.Incident.Key != "" || ev.Agent.Name != "Tenex Engineer" {
		t.Fatalf("doc example: %+v %v", ev, err)
	}
	note := `{"event":{"id":"E1","event_type":"incident.annotated","resource_type":"incident","agent":null,"data":{"incident":{"id":"PGR0VU2","type":"incident_reference"},"id":"P2LA89X","content":"hi","type":"incident_note"}}}`
	if ev, err := pagerduty.DecodeWebhook([]byte(note)); err != nil || ev.Incident.ID != "" || ev.Agent != (pagerduty.Ref{}) {
		t.Fatalf("note: %+v %v", ev, err)
	}
	service := `{"event":{"id":"E2","event_type":"service.updated","resource_type":"service","data":{"id":"PSVC","type":"service"}}}`
	if ev, err := pagerduty.DecodeWebhook([]byte(service)); err != nil || ev.Incident.ID != "" {
		t.Fatalf("service event: %+v %v", ev, err)
	}
	for name, body := range map[string]string{
		"NotJSON": `{"event":`, "NoEvent": `{}`, "NoID": `{"event":{"event_type":"incident.resolved"}}`,
		"IncidentWithoutID": `{"event":{"id":"E3","event_type":"incident.resolved","resource_type":"incident","data":{"type":"incident"}}}`,
		"DataNotAnObject":   `{"event":{"id":"E4","event_type":"incident.resolved","resource_type":"incident","data":[1]}}`,
	} {
		if _, err := pagerduty.DecodeWebhook([]byte(body)); incident.ErrorCode(err) != incident.EInvalid {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzDecodeWebhook(f *testing.F) {
	f.Add([]byte(docExample))
	f.Add(pagerdutytest.Webhook{ID: "E", Type: "incident.acknowledged", Incident: pagerdutytest.Incident{ID: "P", Key: "INC-1/noc"}}.Body())
	f.Add([]byte(`{"event":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := pagerduty.DecodeWebhook(body)
		if err != nil {
			if incident.ErrorCode(err) != incident.EInvalid {
				t.Fatalf("error without a code: %v", err)
			}
			return
		}
		if ev.ID == "" || ev.Type == "" {
			t.Fatalf("decoded without id or type: %+v", ev)
		}
	})
}

func FuzzParseDedupKey(f *testing.F) {
	for _, s := range []string{"INC-7/noc", "INC-1/a/b", "x", "INC-0/x", "acme:INC-7/noc", "acme: INC-7/noc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, key string) {
		if id, team, ok := pagerduty.ParseDedupKey(key); ok && pagerduty.DedupKey(id, team) != strings.TrimSpace(key) {
			t.Fatalf("%q parsed as %q %q", key, id, team)
		}
		// With a deployment's prefix, what is read back is exactly what it writes.
		if id, team, ok := pagerduty.ParsePrefixedDedupKey("acme", key); ok && pagerduty.PrefixedDedupKey("acme", id, team) != strings.TrimSpace(key) {
			t.Fatalf("%q parsed with prefix as %q %q", key, id, team)
		}
	})
}
