package grafana

import (
	"testing"
)

func BenchmarkDecode(b *testing.B) {
	body := fixtures(b)["example-firing.json"]
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(body, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
