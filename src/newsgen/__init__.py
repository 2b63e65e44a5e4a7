"""newsgen: turn a folder of news articles into a static who-said-what briefing site."""

__version__ = "0.1.0"
