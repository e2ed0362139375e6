package teams

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"github.com/tandemhq/tandem/chat"
)

// ManifestVersion is the Teams app manifest schema the package is written to.
const ManifestVersion = "1.17"

// maxBotCommands is how many commands a bot's command list may hold.
const maxBotCommands = 10

// accent is Tandem's colour: the icon's background and the manifest's accentColor.
var accent = color.RGBA{R: 0xE7, G: 0x4C, B: 0x3C, A: 0xFF}

// AppPackage is the Teams app package for the bot appID, to upload in
// Teams admin (or sideload): manifest.json and the two icons, zipped.
// The bot's commands are the grammar's first ten, from chat.Defs.
func AppPackage(appID, version string) ([]byte, error) {
	manifest, err := json.MarshalIndent(Manifest(appID, version), "", "  ")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range []struct {
		name string
		data func() ([]byte, error)
	}{
		{"manifest.json", func() ([]byte, error) { return manifest, nil }},
		{"color.png", func() ([]byte, error) { return icon(192, accent, color.White) }},
		{"outline.png", func() ([]byte, error) { return icon(32, color.Transparent, color.White) }},
	} {
		data, err := f.data()
		if err != nil {
			return nil, err
		}
		w, err := zw.Create(f.name)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Manifest is the app manifest: one bot in teams, group chats and
// personal chats, its commands listed for the compose box.
func Manifest(appID, version string) map[string]any {
	scopes := []string{"team", "groupChat", "personal"}
	var cmds []map[string]string
	for _, d := range chat.Defs {
		if len(cmds) == maxBotCommands {
			break
		}
		cmds = append(cmds, map[string]string{"title": d.Name, "description": chat.Truncate(d.Summary, 128)})
	}
	return map[string]any{
		"$schema":         "https://developer.microsoft.com/en-us/json-schemas/teams/v" + ManifestVersion + "/MicrosoftTeams.schema.json",
		"manifestVersion": ManifestVersion, "version": version, "id": appID,
		"developer": map[string]string{"name": "Tandem", "websiteUrl": "https://github.com/tandemhq/tandem",
			"privacyUrl": "https://github.com/tandemhq/tandem", "termsOfUseUrl": "https://github.com/tandemhq/tandem"},
		"name":        map[string]string{"short": "Tandem", "full": "Tandem incident response"},
		"description": map[string]string{"short": "Incident response shared by IT and its MSP", "full": "Tandem opens an incident per alert, pages the on-call of the internal team or the MSP, and runs the incident in a thread: acknowledge, escalate and resolve from the card, or @Tandem help."},
		"icons":       map[string]string{"color": "color.png", "outline": "outline.png"},
		"accentColor": "#E74C3C",
		"bots": []map[string]any{{"botId": appID, "scopes": scopes, "supportsFiles": false, "isNotificationOnly": false,
			"commandLists": []map[string]any{{"scopes": scopes, "commands": cmds}}}},
		"permissions":  []string{"identity", "messageTeamMembers"},
		"validDomains": []string{},
	}
}

// icon draws a size×size PNG: a "T" in fg on bg (the colour icon is
// 192×192 on the accent colour; the outline 32×32, white on transparent,
// as Teams requires).
func icon(size int, bg, fg color.Color) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	draw.Draw(img, img.Bounds(), &image.Uniform{C: bg}, image.Point{}, draw.Src)
	u := size / 8
	bar := image.Rect(u*2, u*2, size-u*2, u*3)
	stem := image.Rect(size/2-u/2-u/4, u*3, size/2+u/2+u/4, size-u*2)
	for _, r := range []image.Rectangle{bar, stem} {
		draw.Draw(img, r, &image.Uniform{C: fg}, image.Point{}, draw.Src)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
