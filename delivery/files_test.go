package delivery

import (
	"context"
	"encoding/base64"
	"log/slog"
	"testing"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/redisstore/redistest"
)

// postOnly is a chat that takes posts but no files (Teams, webhookchat):
// it keeps each post's channel, text and key.
type postOnly struct {
	Chat  // the methods a channel.file does not call
	posts []string
	keys  []chat.PostKey
}

func (p *postOnly) Post(_ context.Context, channel string, key chat.PostKey, text string) error {
	p.posts, p.keys = append(p.posts, channel+": "+text), append(p.keys, key)
	return nil
}

// withFiles takes files too.
type withFiles struct {
	postOnly
	files []string
}

func (w *withFiles) UploadFile(_ context.Context, channel, name string, data []byte, comment string) error {
	w.files = append(w.files, channel+": "+name+" ("+string(data)+") "+comment)
	return nil
}

// A channel.file on a chat that takes no files posts the effect's notice
// in its place (an evidence pack says how to get it), under the effect's
// post key, so a retry finds it; without a notice (a report's chart) it
// is left out; a chat that takes files gets the file.
func TestChannelFileOnAChatWithoutFiles(t *testing.T) {
	plain, files := &postOnly{}, &withFiles{}
	d := New(Options{Store: redistest.Open(t), Chats: map[string]Chat{"plain": plain, "files": files},
		Log: slog.New(slog.DiscardHandler), Now: time.Now}, "w1")
	data := map[string]string{incident.DataFilename: "pack.zip", incident.DataContent: base64.StdEncoding.EncodeToString([]byte("PK")),
		incident.DataNoFiles: "📎 run `tandem evidence`"}
	ctx := context.Background()
	for _, platform := range []string{"plain", "files"} {
		e := incident.Effect{ID: "evidence/1/" + platform, Kind: incident.EffectChannelFile, Platform: platform, Channel: "mgrs", Text: "📦 pack", Data: data}
		if err := d.deliver(ctx, e, true); err != nil {
			t.Fatal(err)
		}
	}
	chart := incident.Effect{ID: "report/1", Kind: incident.EffectChannelFile, Platform: "plain", Channel: "mgrs", Text: "chart",
		Data: map[string]string{incident.DataFilename: "chart.png", incident.DataContent: ""}}
	if err := d.deliver(ctx, chart, false); err != nil {
		t.Fatal(err)
	}
	if len(plain.posts) != 1 || plain.posts[0] != "mgrs: 📎 run `tandem evidence`" || !plain.keys[0].Retry || plain.keys[0].ID == "" {
		t.Errorf("plain chat: posts %q keys %+v", plain.posts, plain.keys)
	}
	if len(files.files) != 1 || files.files[0] != "mgrs: pack.zip (PK) 📦 pack" || len(files.posts) != 0 {
		t.Errorf("chat with files: files %q posts %q", files.files, files.posts)
	}
}
