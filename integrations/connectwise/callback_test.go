package connectwise_test

import (
	"strings"
	"testing"

	cw "github.com/tandemhq/tandem/integrations/connectwise"
)

func TestDecodeCallback(t *testing.T) {
	cb, err := cw.DecodeCallback([]byte(`{"MessageId":"x","Action":"updated","Type":"ticket","ID":1042,"MemberId":7,"Entity":"{\"id\":1042}"}`))
	if err != nil || cb.ID != 1042 || cb.Action != "updated" || !cb.IsTicket() {
		t.Fatalf("%+v %v", cb, err)
	}
	cb, err = cw.DecodeCallback([]byte(`{"Action":"deleted","Type":"ticket","ID":"7"}`))
	if err != nil || cb.ID != 7 || cb.IsTicket() {
		t.Fatalf("deleted: %+v %v", cb, err)
	}
	for body, want := range map[string]string{
		`nope`:                              "not the callback JSON",
		`{"Action":"updated"}`:              "no ID",
		`{"Action":"updated","ID":-3}`:      "positive integer",
		`{"Action":"updated","ID":{"a":1}}`: "positive integer",
		`{"ID":3}`:                          "no Action",
	} {
		if _, err := cw.DecodeCallback([]byte(body)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("DecodeCallback(%s) = %v, want %q", body, err, want)
		}
	}
}

func FuzzDecodeCallback(f *testing.F) {
	f.Add([]byte(`{"Action":"updated","Type":"ticket","ID":1042,"Entity":"{}"}`))
	f.Add([]byte(`{"Action":"added","ID":"12"}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		cb, err := cw.DecodeCallback(body)
		if err == nil && (cb.ID <= 0 || cb.Action == "") {
			t.Fatalf("accepted %q as %+v", body, cb)
		}
	})
}
