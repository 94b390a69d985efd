# Build Aimak Desktop for Windows: the PyInstaller folder, then the installer if Inno Setup is here.
#
#   powershell -ExecutionPolicy Bypass -File installer\build_windows.ps1 [-DistPath dist] [-WorkPath build]
#
# Needs Python 3.11+ with the project installed: py -3.11 -m venv .venv;
# .venv\Scripts\python -m pip install -e ".[build]". Inno Setup 6 (https://jrsoftware.org/isinfo.php)
# makes dist\installer\AimakDesktop-<version>-setup.exe; without it only the folder is built.
param(
    [string]$DistPath = "dist",
    [string]$WorkPath = "build",
    [string]$Python = ""
)
$ErrorActionPreference = "Stop"

$Repo = Split-Path -Parent $PSScriptRoot
Set-Location $Repo
$DistPath = [System.IO.Path]::GetFullPath((Join-Path $Repo $DistPath))
$WorkPath = [System.IO.Path]::GetFullPath((Join-Path $Repo $WorkPath))
if (-not $Python) { $Python = Join-Path $Repo ".venv\Scripts\python.exe" }
if (-not (Test-Path $Python)) {
    throw "No Python at $Python. Make the virtual environment first (see the comment at the top)."
}

# (no stderr redirection: with "Stop", Windows PowerShell 5.1 turns redirected stderr into errors)
& $Python -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('PyInstaller') is None)"
if ($LASTEXITCODE -ne 0) {
    throw "PyInstaller is not installed: $Python -m pip install -e "".[build]"""
}

& $Python -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath $DistPath --workpath $WorkPath installer\aimak.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed (exit code $LASTEXITCODE)." }
$Folder = Join-Path $DistPath "AimakDesktop"
Write-Host "Program folder: $Folder"

$Version = & $Python -c "import aimak_desktop; print(aimak_desktop.__version__)"
$Iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) {
    foreach ($dir in @(${env:ProgramFiles(x86)}, $env:ProgramFiles, "$env:LOCALAPPDATA\Programs")) {
        if ($dir -and (Test-Path "$dir\Inno Setup 6\ISCC.exe")) { $Iscc = "$dir\Inno Setup 6\ISCC.exe"; break }
    }
}
if (-not $Iscc) {
    Write-Host "Inno Setup 6 not found: skipped the installer. The folder above runs as it is."
    exit 0
}
& $Iscc "/DSourceDir=$Folder" "/DAppVersion=$Version" "/O$(Join-Path $DistPath 'installer')" installer\aimak.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed (exit code $LASTEXITCODE)." }
Write-Host "Installer: $(Join-Path $DistPath "installer\AimakDesktop-$Version-setup.exe")"
