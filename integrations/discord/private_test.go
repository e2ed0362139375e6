package discord_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
	"github.com/tandemhq/tandem/integrations/discord"
	"github.com/tandemhq/tandem/integrations/discord/discordtest"
)

// rooms.private: the room is created hidden from @everyone (the role
// whose ID is the guild's), shown to the bot (whose ID it asks once) and
// to the declarer; a person paged later is let in by a member overwrite.
func TestPrivateRoomOverwrites(t *testing.T) {
	fake := discordtest.Start(t, token)
	c, err := discord.New(discord.Options{Token: token, APIURL: fake.APIURL(), ApplicationID: app, GuildID: guild, Private: true})
	if err != nil {
		t.Fatal(err)
	}
	inc := testIncident()
	inc.OpenedBy = incident.Actor{Name: "Nora", Side: incident.MSP, Platform: "discord", User: nora.ID}
	ch, _, err := c.CreateRoom(t.Context(), "inc-7-disk", inc)
	if err != nil {
		t.Fatal(err)
	}
	var sent struct {
		Overwrites []struct {
			ID    string `json:"id"`
			Type  int    `json:"type"`
			Allow string `json:"allow"`
			Deny  string `json:"deny"`
		} `json:"permission_overwrites"`
	}
	if err := json.Unmarshal(fake.Calls(discordtest.RouteCreateChannel)[0].Body, &sent); err != nil {
		t.Fatal(err)
	}
	if len(sent.Overwrites) != 3 || sent.Overwrites[0].ID != guild || sent.Overwrites[0].Type != 0 || sent.Overwrites[0].Deny != "1024" ||
		sent.Overwrites[1].ID != discordtest.BotUserID || sent.Overwrites[1].Type != 1 ||
		sent.Overwrites[2].ID != nora.ID || sent.Overwrites[2].Type != 1 {
		t.Fatalf("overwrites sent %+v", sent.Overwrites)
	}
	room, _ := fake.Channel(ch)
	if room.Visible("444") || !room.Visible(nora.ID) || !room.Visible(discordtest.BotUserID) {
		t.Fatalf("visibility: %+v", room.Overwrites)
	}
	if _, err := c.PostCard(t.Context(), ch, chat.PostKey{}, inc); err != nil {
		t.Fatalf("the bot cannot post in its private room: %v", err)
	}
	if err := c.Invite(t.Context(), ch, "444"); err != nil {
		t.Fatal(err)
	}
	if room, _ = fake.Channel(ch); !room.Visible("444") || room.Visible("555") {
		t.Fatalf("after the invite: %+v", room.Overwrites)
	}
	if _, _, err := c.CreateRoom(t.Context(), "inc-8", testIncident()); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.Calls(discordtest.RouteCurrentUser)); n != 1 {
		t.Fatalf("GET /users/@me %d times, want once", n)
	}
}

// Without the bot's own overwrite Discord would hide the room from the
// bot too: the fake answers Missing Access, as Discord does.
func TestPrivateRoomWithoutBotOverwrite(t *testing.T) {
	fake := discordtest.Start(t, token)
	body := `{"name":"inc-9","type":0,"permission_overwrites":[{"id":"` + guild + `","type":0,"allow":"0","deny":"1024"}]}`
	req, _ := http.NewRequest("POST", fake.URL+discordtest.APIPrefix+"/guilds/"+guild+"/channels", strings.NewReader(body))
	req.Header.Set("Authorization", "Bot "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var ch struct{ ID string }
	json.NewDecoder(resp.Body).Decode(&ch)
	resp.Body.Close()
	c := client(t, fake, "")
	err = c.PostEvent(t.Context(), ch.ID, chat.PostKey{}, incident.NewEvent(opened, incident.KindNote, incident.Tandem, "text", "x"))
	if !chat.IsPermanent(err) {
		t.Fatalf("posting where the bot cannot see: %v", err)
	}
}

// A public room carries no overwrites: its category decides.
func TestPublicRoomNoOverwrites(t *testing.T) {
	fake := discordtest.Start(t, token)
	c := client(t, fake, "")
	ch, _, err := c.CreateRoom(t.Context(), "inc-7", testIncident())
	if err != nil {
		t.Fatal(err)
	}
	if room, _ := fake.Channel(ch); len(room.Overwrites) != 0 || !room.Visible("444") {
		t.Fatalf("public room %+v", room.Overwrites)
	}
}

// Without Manage Roles nobody can be let into a private room: the invite
// fails for good (the timeline says so) rather than mention someone who
// cannot see the mention.
func TestPrivateRoomInviteWithoutManageRoles(t *testing.T) {
	fake := discordtest.Start(t, token)
	c, err := discord.New(discord.Options{Token: token, APIURL: fake.APIURL(), GuildID: guild, Private: true})
	if err != nil {
		t.Fatal(err)
	}
	ch, _, err := c.CreateRoom(t.Context(), "inc-7", testIncident())
	if err != nil {
		t.Fatal(err)
	}
	fake.Fail(discordtest.RouteSetPermission, 1, http.StatusForbidden, 50013, "Missing Permissions")
	if err := c.Invite(t.Context(), ch, "444"); !chat.IsPermanent(err) {
		t.Fatalf("invite without Manage Roles: %v", err)
	}
	if n := len(fake.Messages(ch)); n != 0 {
		t.Fatalf("%d messages: a mention nobody can see was sent", n)
	}
}
