package generic

import (
	"testing"

	"github.com/tandemhq/tandem/integrations/sourcetest"
)

func BenchmarkDecode(b *testing.B) {
	body := sourcetest.Fixtures(b)["full.json"]
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(body); err != nil {
			b.Fatal(err)
		}
	}
}
