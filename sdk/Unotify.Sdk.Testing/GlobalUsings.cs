global using Unotify.Sdk;
