import GradLang
