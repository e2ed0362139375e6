package generic

import "testing"

func BenchmarkDecode(b *testing.B) {
	body := fixtures(b)["full.json"]
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(body); err != nil {
			b.Fatal(err)
		}
	}
}
