; Inno Setup script for Aimak Desktop (Inno Setup 6.3 or newer).
;
; Built by installer\build_windows.ps1 after PyInstaller has made dist\AimakDesktop; by hand:
;   ISCC.exe /DSourceDir=..\dist\AimakDesktop /DAppVersion=0.1.0 installer\aimak.iss
; The installer lands in dist\installer. Office data lives in the user's data folder (or the
; folder chosen with --data-dir), never under {app}, so uninstalling keeps every office's data.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\AimakDesktop"
#endif
#define AppName "Aimak Desktop"
#define AppExe "AimakDesktop.exe"

[Setup]
; AppId identifies the program for upgrades and uninstall: never change it.
AppId={{8D607C53-BCBA-4130-8202-B97821F19A41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Aimak
DefaultDirName={autopf}\AimakDesktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Offices often have no administrator at hand: let the clerk install for this user only.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=AimakDesktop-{#AppVersion}-setup
SetupIconFile=..\resources\icons\aimak.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
