package bot

// RefreshPeople runs the daily refresh of people found by e-mail now.
var RefreshPeople = (*Bot).refreshPeople
