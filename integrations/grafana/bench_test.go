package grafana

import (
	"testing"

	"github.com/tandemhq/tandem/integrations/sourcetest"
)

func BenchmarkDecode(b *testing.B) {
	body := sourcetest.Fixtures(b)["example-firing.json"]
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(body, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
