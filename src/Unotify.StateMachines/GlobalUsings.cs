global using System.Diagnostics.CodeAnalysis;
global using Unotify.Hcl;
